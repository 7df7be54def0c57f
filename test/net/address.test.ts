import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import {
    AddressError, addressProblem, cidrCovers, formatHostPort, hostCidr, isMulticast, parseCidr, parseDnsName,
    parseHostAddress, parseIp, parseMulticastGroup, quote,
} from "../../src/net/address";
import { isPortNumber } from "../../src/net/port";
import { nftUnavailable, run } from "../firewall/lab";

const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof AddressError && pattern.test(e.message));

describe("net/address: parseIp", () => {
    it("gives canonical text for both families", () => {
        assert.deepEqual(parseIp("10.0.0.1"), { kind: "ip", family: "ipv4", text: "10.0.0.1" });
        assert.deepEqual(parseIp("2001:DB8:0:0:0:0:0:1"), { kind: "ip", family: "ipv6", text: "2001:db8::1" });
    });

    for (const loose of ["010.0.0.1", "10.1", "0x0a.0.0.1", "10.0.0.256", "999.0.0.1", " 10.0.0.1", "10.0.0.1\n"]) {
        it(`rejects the IPv4 spelling ${JSON.stringify(loose)}`, () => rejects(() => parseIp(loose), /not a valid IPv4 address; write four decimal parts|is not an IP address; write one such as 10\.0\.0\.1/));
    }

    it("rejects zone ids and names the part to drop", () => rejects(() => parseIp("fe80::1%eth0"), /zone id; drop "%eth0"/));
    it("rejects dotted IPv4 inside IPv6 (ipaddr.js reads ::1.2.3.4 as ::ffff:1.2.3.4)", () => rejects(() => parseIp("::1.2.3.4"), /hex groups/));
    it("rejects a CIDR where one address is wanted", () => rejects(() => parseIp("10.0.0.1/32"), /write the address alone, e.g. "10.0.0.1"/));
    it("rejects non-strings, naming the type", () => {
        rejects(() => parseIp(167772161), /167772161 \(a number, not a string\)/);
        rejects(() => parseIp(null), /null \(a null, not a string\)/);
    });
});

describe("net/address: parseCidr", () => {
    it("canonicalises, and a bare address is its single host", () => {
        assert.equal(parseCidr("10.0.0.0/8").text, "10.0.0.0/8");
        assert.equal(parseCidr("10.0.0.7").text, "10.0.0.7/32");
        assert.equal(parseCidr("2001:DB8::/32").text, "2001:db8::/32");
        assert.equal(parseCidr("2001:db8::1").text, "2001:db8::1/128");
        assert.deepEqual(parseCidr("0.0.0.0/0"), { family: "ipv4", network: "0.0.0.0", prefix: 0, text: "0.0.0.0/0" });
    });

    it("rejects a leading-zero prefix, which nft reads as octal (finding 4)", () => rejects(() => parseCidr("10.1.0.0/016"), /leading zero.*octal.*write "\/16"/));
    it("names the network when host bits are set", () => {
        rejects(() => parseCidr("10.0.0.1/8"), /host bits set; use "10.0.0.0\/8" for the network, or "10.0.0.1\/32" for the one host/);
        rejects(() => parseCidr("2001:db8::1/32"), /use "2001:db8::\/32"/);
    });
    for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/+8", "10.0.0.0/8/8", "10.9.0.3/32,0.0.0.0/0", "fe80::%eth0/64", "any"]) {
        it(`rejects ${JSON.stringify(bad)}`, () => assert.ok(addressProblem(parseCidr, bad)));
    }

    it("tells containment exactly", () => {
        const c = (s: string) => parseCidr(s);
        assert.ok(cidrCovers(c("0.0.0.0/0"), c("10.0.0.0/8")));
        assert.ok(cidrCovers(c("10.0.0.0/8"), c("10.1.2.3")));
        assert.ok(!cidrCovers(c("10.0.0.0/8"), c("0.0.0.0/0")));
        assert.ok(!cidrCovers(c("10.0.0.0/8"), c("11.0.0.0/8")));
        assert.ok(!cidrCovers(c("::/0"), c("10.0.0.0/8")), "families never cover each other");
        assert.ok(cidrCovers(c("2001:db8::/32"), c("2001:db8:1::/48")));
    });
});

describe("net/address: host addresses and DNS names", () => {
    it("takes IPs and DNS names, lower-casing names", () => {
        assert.deepEqual(parseHostAddress("192.0.2.10"), { kind: "ip", family: "ipv4", text: "192.0.2.10" });
        assert.deepEqual(parseHostAddress("Node-1.Example.COM"), { kind: "dns", text: "node-1.example.com" });
        assert.deepEqual(parseHostAddress("localhost"), { kind: "dns", text: "localhost" });
    });

    for (const bad of ["999.0.0.1", "10.0.0", "1.2.3.4.5", "010.0.0.1", "a.0.0.1"]) {
        it(`${JSON.stringify(bad)} is a malformed IP, not a DNS name`, () => assert.ok(addressProblem(parseHostAddress, bad)));
    }
    for (const bad of ["10.9.0.3/32,0.0.0.0/0", "a b", "a_b.example.com", "-a.example.com", "x".repeat(64) + ".com", "a..b", "host;flush ruleset", "h\"}"]) {
        it(`rejects the host address ${JSON.stringify(bad)}`, () => assert.ok(addressProblem(parseHostAddress, bad)));
    }
    it("caps a name at 253 characters", () => {
        const label = "a".repeat(63);
        assert.doesNotThrow(() => parseDnsName([label, label, label, "a".repeat(61)].join(".")));
        rejects(() => parseDnsName([label, label, label, "a".repeat(62)].join(".")), /too long/);
    });
    it("brackets IPv6 in host:port", () => {
        assert.equal(formatHostPort(parseHostAddress("2001:db8::1"), 4000), "[2001:db8::1]:4000");
        assert.equal(formatHostPort(parseHostAddress("10.0.0.1"), 4000), "10.0.0.1:4000");
        assert.equal(formatHostPort(parseHostAddress("is-1.example.com"), 4000), "is-1.example.com:4000");
    });
});

describe("net/address: multicast groups, ports, quoting", () => {
    it("takes multicast groups only", () => {
        assert.equal(parseMulticastGroup("228.0.0.4").text, "228.0.0.4");
        assert.equal(parseMulticastGroup("FF02::1").text, "ff02::1");
        assert.ok(isMulticast(parseIp("224.2.2.3")));
        rejects(() => parseMulticastGroup("10.0.0.1"), /not a multicast group address/);
        rejects(() => parseMulticastGroup("228.0.0.4/32 accept; }; }; insert rule inet wso2 input accept"), /./);
    });
    it("ports are whole numbers 1-65535 and never strings", () => {
        for (const ok of [1, 9443, 65535]) assert.ok(isPortNumber(ok));
        for (const bad of [0, 65536, 9443.5, "9443", -1, NaN, null, 2 ** 53 + 2]) assert.ok(!isPortNumber(bad), String(bad));
    });
    it("quotes hostile text on one line and cut short", () => {
        const q = quote(`x\n${"y".repeat(200)}`);
        assert.ok(!q.includes("\n"));
        assert.ok(q.length < 80);
    });
    it("hostCidr is the /32 or /128 of an address", () => {
        assert.equal(hostCidr(parseIp("2001:db8::1")).text, "2001:db8::1/128");
    });
});

describe("net/address: properties", () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
    // Dotted IPv4 tails are rejected by design (see parseIpv6).
    const ipv6 = fc.ipV6().filter((s) => !s.includes("."));

    it("canonical text parses back to itself", () => {
        fc.assert(fc.property(fc.oneof(ipv4, ipv6), fc.nat(128), (ip, n) => {
            const address = parseIp(ip);
            assert.deepEqual(parseIp(address.text), address);
            const prefix = n % (address.family === "ipv4" ? 33 : 129);
            const cidr = hostCidr(address);
            assert.deepEqual(parseCidr(cidr.text), cidr);
            // The network of any prefix parses and covers the address.
            const problem = addressProblem(parseCidr, `${address.text}/${prefix}`);
            const network = problem ? /use "([^"]+)" for the network/.exec(problem)![1] : `${address.text}/${prefix}`;
            assert.ok(cidrCovers(parseCidr(network), cidr), `${network} covers ${cidr.text}`);
        }), { numRuns: 300 });
    });

    it("anything accepted holds only address characters (nothing to inject)", () => {
        fc.assert(fc.property(fc.string({ maxLength: 50 }), (s) => {
            for (const parse of [parseCidr, parseHostAddress]) {
                try {
                    const text = (parse(s) as { text: string }).text;
                    assert.match(text, /^[0-9a-z.:/-]+$/);
                } catch (e) {
                    assert.ok(e instanceof AddressError, String(e));
                    assert.ok(!(e as Error).message.includes("\n"));
                }
            }
        }), { numRuns: 500 });
    });
});

describe("net/address: nft reads canonical CIDRs as the module does", function () {
    let dir: string;
    before(function () {
        if (nftUnavailable()) this.skip();
        dir = mkdtempSync(join(tmpdir(), "wso2-addr-"));
    });
    after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

    it("nft -c accepts every canonical form in one set, in both families", () => {
        const v4 = ["0.0.0.0/0", "10.0.0.0/8", "10.0.0.7", "192.0.2.0/24"].map((s) => parseCidr(s).text);
        const v6 = ["2001:DB8::/32", "2001:db8::1", "::/0"].map((s) => parseCidr(s).text);
        const file = join(dir, "sets.nft");
        writeFileSync(file, `table inet t {\n chain c {\n  ip saddr { ${v4.join(", ")} } accept\n  ip6 saddr { ${v6.join(", ")} } accept\n }\n}\n`);
        run("nft", ["-c", "-f", file]);
    });
});
