package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.testing.TempDirs;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AddressAllocator} on an in-memory H2 store: CIDRs, lowest free first, exhaustion, claims, release. */
class AddressAllocatorTest {
    Path dir;
    Database db;
    AddressAllocator allocator;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("alloc-test-");
        db = Database.open(dir, "jdbc:h2:mem:alloc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        allocator = new AddressAllocator(new SubnetStore(db.jdbi()));
    }

    @AfterEach
    void close() {
        db.close();
        TempDirs.delete(dir);
    }

    <T> T tx(Function<Handle, T> work) {
        return db.jdbi().inTransaction(work::apply);
    }

    List<String> allocate(String subnet, String instance, int count) {
        return tx(h -> allocator.allocate(h, subnet, instance, count));
    }

    @Test
    void cidrsParseToTheirNetworkAndHostRange() {
        AddressAllocator.Cidr c = AddressAllocator.Cidr.parse("192.168.1.77/24");
        assertThat(c.toString()).isEqualTo("192.168.1.0/24");
        assertThat(AddressAllocator.Cidr.format(c.firstHost())).isEqualTo("192.168.1.2");
        assertThat(AddressAllocator.Cidr.format(c.lastHost())).isEqualTo("192.168.1.254");
        AddressAllocator.Cidr wide = AddressAllocator.Cidr.parse("10.0.0.0/8");
        assertThat(wide.lastHost() - wide.firstHost() + 1).isEqualTo((1L << 24) - 3);
        assertThat(AddressAllocator.Cidr.parse("10.1.2.3/29").toString()).isEqualTo("10.1.2.0/29");
        assertThat(AddressAllocator.Cidr.toLong("255.255.255.255")).isEqualTo(0xffffffffL);
    }

    @Test
    void badCidrsAreRefused() {
        for (String bad : List.of("10.0.0.0", "10.0.0.0/7", "10.0.0.0/30", "10.0.0/24", "10.0.0.256/24",
                "a.b.c.d/24", "10.0.0.0/x", "10.0.0.-1/24")) {
            assertThatThrownBy(() -> AddressAllocator.Cidr.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void derivedCidrsAreStableSlash19sInTen() {
        String a = AddressAllocator.derivedCidr("subnet-a");
        assertThat(a).isEqualTo(AddressAllocator.derivedCidr("subnet-a")).matches("10\\.\\d+\\.\\d+\\.0/19");
        int third = Integer.parseInt(a.split("\\.")[2]);
        assertThat(third % 32).isZero();
        assertThat(AddressAllocator.Cidr.parse(a).toString()).isEqualTo(a);
    }

    @Test
    void lowestFreeFirstThenExhaustionThenReleasedAddressesComeBack() {
        tx(h -> {
            allocator.register(h, "s1", "10.0.0.0/29"); // hosts .2 to .6
            return null;
        });
        assertThat(allocate("s1", "a", 2)).containsExactly("10.0.0.2", "10.0.0.3");
        assertThat(allocate("s1", "b", 2)).containsExactly("10.0.0.4", "10.0.0.5");
        assertThatThrownBy(() -> allocate("s1", "c", 2)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INSTANCE_RESOURCES));
        // The failed allocation took nothing: one address is still there.
        assertThat(allocate("s1", "c", 1)).containsExactly("10.0.0.6");
        assertThatThrownBy(() -> allocate("s1", "d", 1)).isInstanceOf(ApiException.class);
        tx(h -> {
            allocator.release(h, "a");
            return null;
        });
        assertThat(allocate("s1", "d", 2)).containsExactly("10.0.0.2", "10.0.0.3");
    }

    @Test
    void aKnownSubnetKeepsItsCidrAndAnUnknownOneGetsTheDerivedOne() {
        tx(h -> {
            allocator.register(h, "s2", "172.16.5.0/24");
            allocator.register(h, "s2", "10.9.9.0/24");
            return null;
        });
        assertThat(allocate("s2", "a", 1)).containsExactly("172.16.5.2");
        String derived = AddressAllocator.derivedCidr("never-registered");
        AddressAllocator.Cidr c = AddressAllocator.Cidr.parse(derived);
        assertThat(allocate("never-registered", "a", 1)).containsExactly(AddressAllocator.Cidr.format(c.firstHost()));
    }

    @Test
    void claimedAddressesAreSkippedAndForeignOrTakenClaimsIgnored() {
        tx(h -> {
            allocator.register(h, "s3", "10.1.0.0/24");
            allocator.claim(h, "s3", "10.1.0.3", "x");
            allocator.claim(h, "s3", "10.1.0.3", "y");   // taken: left unrecorded for y
            allocator.claim(h, "s3", "10.2.0.9", "y");   // outside the subnet
            allocator.claim(h, "s3", "10.1.0.255", "y"); // broadcast
            allocator.claim(h, "s3", null, "y");
            return null;
        });
        assertThat(allocate("s3", "a", 3)).containsExactly("10.1.0.2", "10.1.0.4", "10.1.0.5");
        tx(h -> {
            allocator.release(h, "y"); // held nothing
            allocator.release(h, "x");
            return null;
        });
        assertThat(allocate("s3", "b", 1)).containsExactly("10.1.0.3");
    }

    @Test
    void holesBeyondOneScanBatchAreFound() {
        tx(h -> {
            allocator.register(h, "s4", "10.4.0.0/22"); // 1,021 hosts
            return null;
        });
        tx(h -> {
            for (int i = 0; i < 300; i++) {
                allocator.allocate(h, "s4", "i" + i, 1);
            }
            return null;
        });
        tx(h -> {
            allocator.release(h, "i10");  // 10.4.0.12
            allocator.release(h, "i280"); // 10.4.0.2 + 280 = 10.4.1.26: past the first batch of 256 scanned from .12
            return null;
        });
        assertThat(allocate("s4", "n", 3)).containsExactly("10.4.0.12", "10.4.1.26", "10.4.1.46");
    }
}
