package dev.romalocal.instance;

/**
 * The coarse status of the platform views ({@code GET /v2/{project_id}/instances}, the RomaInstance model).
 * {@link #DELETE_FALIED} is spelled exactly as the real service (and the official SDK) spell it.
 */
public enum CoarseStatus {
    CREATING, CREATE_FAILED, ERROR, RUNNING, FREEZING, FROZEN, DELETING, DELETE_FALIED
}
