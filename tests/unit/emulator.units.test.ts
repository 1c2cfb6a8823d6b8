/**
 * Unit tests of the emulator's pure parts: fault rules and their counting, the token bucket, key folding and
 * codec error paths, customer validation, atomic writes and the store, CLI arguments.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CustomerCreateRequest, unquoteEtag } from "pulumi-partnercenter/api";

import { parseArgs } from "../../emulator/cli";
import FaultInjector, { parseFaultRule } from "../../emulator/faults/FaultInjector";
import EmulatorError from "../../emulator/errors/EmulatorError";
import ErrorFactory from "../../emulator/errors/ErrorFactory";
import { newEtag, newPassword } from "../../emulator/handlers/ids";
import TokenBucketRateLimiter, {
    burstOf,
    DEFAULT_BURST_SECONDS,
} from "../../emulator/ratelimit/TokenBucketRateLimiter";
import { resolveRoute } from "../../emulator/routes";
import { loadSeed, parseSeed } from "../../emulator/seed/Seed";
import FileCustomerStore, { writeFileAtomic } from "../../emulator/store/FileCustomerStore";
import MemoryCustomerStore, { MAX_REPLAY_RECORDS } from "../../emulator/store/MemoryCustomerStore";
import { normaliseCulture, validateCreate } from "../../emulator/validation/customerRules";
import { decodeBody, DecodingCodec, foldKeys } from "../../emulator/validation/decode";

const expectError = (fn: () => unknown, status: number, code: number, includes?: string) => {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof EmulatorError, String(err));
        const body = err.body as { code: number; description: string };
        assert.strictEqual(err.status, status);
        assert.strictEqual(body.code, code);
        if (includes !== undefined) {
            assert.ok(body.description.includes(includes), body.description);
        }
        return;
    }
    assert.fail("expected an EmulatorError");
};

describe("emulator unit: FaultInjector", () => {
    it("counts down per matching request and removes exhausted rules", () => {
        const faults = new FaultInjector();
        faults.add({ kind: "status", status: 503, count: 2, match: { operation: "createCustomer" } });
        const create = { operation: "createCustomer", method: "POST" };
        assert.strictEqual(faults.takeBefore({ operation: "getCustomer", method: "GET" }).action, undefined);
        assert.strictEqual(faults.takeBefore(create).action?.kind, "status");
        assert.strictEqual(faults.list()[0]?.remaining, 1);
        assert.strictEqual(faults.takeBefore(create).action?.kind, "status");
        assert.strictEqual(faults.takeBefore(create).action, undefined);
        assert.deepStrictEqual(faults.list(), []);
    });

    it("takes one terminating fault per request, in installation order, and sums latencies", () => {
        const faults = new FaultInjector();
        faults.add({ kind: "latency", ms: 10 });
        faults.add({ kind: "throttle", retryAfterSeconds: 2 });
        faults.add({ kind: "reset" });
        faults.add({ kind: "latency", ms: 5, count: 1 });
        const facts = { operation: "x", method: "GET" };
        const first = faults.takeBefore(facts);
        assert.strictEqual(first.delayMs, 15);
        assert.strictEqual(first.action?.kind, "throttle");
        assert.deepStrictEqual(first.labels, ["latency:10", "throttle", "latency:5"]);
        const second = faults.takeBefore(facts);
        assert.strictEqual(second.action?.kind, "reset");
        assert.strictEqual(second.delayMs, 10);
        assert.strictEqual(faults.takeBefore(facts).action, undefined);
        assert.strictEqual(faults.list().length, 1, "the unlimited latency rule stays");
    });

    it("keeps after-phase faults for takeAfter", () => {
        const faults = new FaultInjector();
        faults.add({ kind: "reset", phase: "after" });
        const facts = { operation: "createCustomer", method: "POST" };
        assert.strictEqual(faults.takeBefore(facts).action, undefined);
        assert.strictEqual(faults.takeAfter(facts)?.kind, "reset");
        assert.strictEqual(faults.takeAfter(facts), undefined);
    });

    it("matches method case-insensitively, and clear(id) removes one rule", () => {
        const faults = new FaultInjector();
        const a = faults.add({ kind: "hang", match: { method: "delete" } });
        faults.add({ kind: "hang", count: 1 });
        assert.strictEqual(faults.takeBefore({ operation: "deleteCustomer", method: "DELETE" }).action?.kind, "hang");
        faults.clear(a.id);
        assert.strictEqual(faults.list().length, 1);
    });

    it("parseFaultRule rejects bad rules with the property in the message", () => {
        assert.throws(() => parseFaultRule({ kind: "status", status: 404 }), /status must be one of/);
        assert.throws(() => parseFaultRule({ kind: "reset", phase: "during" }), /phase/);
        assert.throws(() => parseFaultRule({ kind: "throttle", count: 0 }), /count/);
        assert.throws(() => parseFaultRule({ kind: "latency" }), /ms/);
        assert.throws(() => parseFaultRule({ kind: "hang", match: { operation: 3 } }), /match.operation/);
        assert.throws(() => parseFaultRule([]), /object/);
        assert.deepStrictEqual(parseFaultRule({ kind: "status", status: 408, phase: "after", count: 3 }), {
            kind: "status",
            status: 408,
            count: 3,
            phase: "after",
        });
    });
});

describe("emulator unit: TokenBucketRateLimiter", () => {
    it("allows a burst, then refills at requestsPerMinute/60 per second", () => {
        let now = 0;
        const limiter = new TokenBucketRateLimiter(() => now);
        const limit = { requestsPerMinute: 60, burst: 2 };
        assert.strictEqual(limiter.take("t", limit), 0);
        assert.strictEqual(limiter.take("t", limit), 0);
        assert.strictEqual(limiter.take("t", limit), 1);
        assert.strictEqual(limiter.take("other", limit), 0, "buckets are per key");
        now = 999;
        assert.strictEqual(limiter.take("t", limit), 1);
        now = 1000;
        assert.strictEqual(limiter.take("t", limit), 0);
        now = 100_000;
        assert.strictEqual(limiter.take("t", limit), 0);
        assert.strictEqual(limiter.take("t", limit), 0);
        assert.strictEqual(limiter.take("t", limit), 1, "never more than the burst");
    });

    it("Retry-After is the time to the next token", () => {
        let now = 0;
        const limiter = new TokenBucketRateLimiter(() => now);
        const limit = { requestsPerMinute: 6, burst: 6 };
        for (let i = 0; i < 6; i++) {
            assert.strictEqual(limiter.take("t", limit), 0);
        }
        assert.strictEqual(limiter.take("t", limit), 10);
        now = 5000;
        assert.strictEqual(limiter.take("t", limit), 5);
    });

    it("burst defaults to a few seconds' allowance (DEFAULT_BURST_SECONDS), not a minute's", () => {
        assert.strictEqual(DEFAULT_BURST_SECONDS, 5);
        assert.strictEqual(burstOf({ requestsPerMinute: 500 }), 42);
        assert.strictEqual(burstOf({ requestsPerMinute: 6 }), 1);
        assert.strictEqual(burstOf({ requestsPerMinute: 500, burst: 10 }), 10);
        const limiter = new TokenBucketRateLimiter(() => 0);
        const taken = Array.from({ length: 50 }, () => limiter.take("t", { requestsPerMinute: 500 }));
        assert.strictEqual(taken.filter((wait) => wait === 0).length, 42);
    });
});

describe("emulator unit: decoding and validation", () => {
    it("foldKeys lower-cases the first letter of every key, recursively, arrays included", () => {
        assert.deepStrictEqual(
            foldKeys({ CompanyProfile: { Domain: "a", Attributes: { ObjectType: "x" } }, Items: [{ Id: 1 }], n: null }),
            {
                companyProfile: { domain: "a", attributes: { objectType: "x" } },
                items: [{ id: 1 }],
                n: null,
            },
        );
    });

    const seedLike = () => ({
        CompanyProfile: { TenantId: null, Domain: "abc.onmicrosoft.com", CompanyName: null },
        BillingProfile: {
            Id: null,
            Email: "a@b.c",
            Culture: "EN-US",
            Language: "En",
            CompanyName: "Abc",
            DefaultAddress: {
                Country: "US",
                Region: null,
                AddressLine1: "1 Way",
                AddressLine2: null,
                FirstName: "A",
                LastName: "B",
            },
        },
        AssociatedPartnerId: null,
    });
    const codec = CustomerCreateRequest as unknown as DecodingCodec<CustomerCreateRequest>;

    it("decodeBody accepts PascalCase with nulls and names nested properties on failure", () => {
        const decoded = decodeBody(codec, seedLike());
        assert.strictEqual(decoded.companyProfile.domain, "abc.onmicrosoft.com");
        const body = seedLike();
        delete (body.BillingProfile.DefaultAddress as { LastName?: string }).LastName;
        expectError(() => decodeBody(codec, body), 400, 3000, "'billingProfile.defaultAddress.lastName'");
        expectError(() => decodeBody(codec, [1]), 400, 800002);
        expectError(() => decodeBody(codec, "text"), 400, 800002);
    });

    it("validateCreate: normalised address (nulls dropped), culture, optional fields", () => {
        const result = validateCreate(decodeBody(codec, seedLike()));
        assert.deepStrictEqual(result.billing.defaultAddress, {
            country: "US",
            addressLine1: "1 Way",
            firstName: "A",
            lastName: "B",
        });
        assert.strictEqual(result.billing.culture, "en-US");
        assert.strictEqual(result.billing.language, "En");
        assert.strictEqual(result.associatedPartnerId, undefined);
    });

    it("validateCreate: org registration number and phone required for the listed countries only", () => {
        for (const country of ["AM", "IN", "BR", "ZA", "PL", "AE", "SA", "TR", "VE"]) {
            const body = seedLike();
            body.BillingProfile.DefaultAddress.Country = country;
            expectError(() => validateCreate(decodeBody(codec, body)), 400, 600049, country);
        }
        for (const country of ["US", "GB", "DE", "JP"]) {
            const body = seedLike();
            body.BillingProfile.DefaultAddress.Country = country;
            assert.strictEqual(validateCreate(decodeBody(codec, body)).billing.defaultAddress.country, country);
        }
    });

    it("normaliseCulture", () => {
        assert.strictEqual(normaliseCulture("EN-US", "c"), "en-US");
        assert.strictEqual(normaliseCulture("fr", "c"), "fr");
        assert.strictEqual(normaliseCulture("zh-hant", "c"), "zh-HANT");
        expectError(() => normaliseCulture("english", "billingProfile.culture"), 400, 3000, "'billingProfile.culture'");
    });

    it("unquoteEtag, etags and passwords", () => {
        assert.strictEqual(unquoteEtag('"-88"'), "-88");
        assert.strictEqual(unquoteEtag('W/"12"'), "12");
        assert.strictEqual(unquoteEtag("12"), "12");
        const etags = new Set(Array.from({ length: 50 }, newEtag));
        assert.strictEqual(etags.size, 50);
        for (const etag of etags) {
            assert.match(etag, /^-?\d{1,19}$/);
        }
        for (let i = 0; i < 50; i++) {
            const password = newPassword();
            assert.strictEqual(password.length, 10);
            assert.match(password, /[A-Z]/);
            assert.match(password, /[a-z]/);
            assert.match(password, /[0-9]/);
            assert.match(password, /[^A-Za-z0-9]/);
        }
    });
});

describe("emulator unit: errors", () => {
    it("ApiFault bodies and the throttling body", () => {
        const domain = ErrorFactory.domainNotAvailable("x.onmicrosoft.com");
        assert.strictEqual(domain.status, 409);
        assert.deepStrictEqual(Object.keys(domain.body as object), ["code", "description", "data", "source"]);
        const throttled = ErrorFactory.throttled(2.2);
        assert.deepStrictEqual(throttled.body, {
            statusCode: 429,
            message: "Rate limit is exceeded. Try again in 3 seconds.",
        });
        assert.strictEqual(throttled.headers["Retry-After"], "3");
        assert.strictEqual(ErrorFactory.throttled(0).headers["Retry-After"], "1");
        assert.ok(ErrorFactory.unauthorized("x").headers["WWW-Authenticate"]);
        const codes = [
            ErrorFactory.sandboxLimit(75),
            ErrorFactory.orgRegistrationNumberMissing("BR"),
            ErrorFactory.phoneNumberMissing("BR"),
            ErrorFactory.resellerRelationshipMissing("r"),
            ErrorFactory.deleteNotAllowed(),
            ErrorFactory.unauthorized("x"),
        ].map((e) => [e.status, (e.body as { code: number }).code]);
        assert.deepStrictEqual(codes, [
            [400, 800018],
            [400, 600049],
            [400, 600051],
            [400, 3000],
            [403, 600006],
            [401, 800001],
        ]);
    });
});

describe("emulator unit: routing", () => {
    it("resolves operations, the token endpoint, 405 and 404", () => {
        const get = resolveRoute("GET", "/v1/customers/abc/profiles/billing");
        assert.strictEqual(get.kind, "operation");
        assert.strictEqual(get.name, "getBillingProfile");
        assert.deepStrictEqual(get.kind === "operation" && get.params, { customerId: "abc" });
        assert.strictEqual(resolveRoute("GET", "/v1/customers").name, "listCustomers");
        assert.strictEqual(resolveRoute("POST", "/v1/customers").name, "createCustomer");
        assert.strictEqual(resolveRoute("HEAD", "/v1/domains/a.onmicrosoft.com").name, "checkDomainAvailability");
        const token = resolveRoute("POST", "/6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a/oauth2/token");
        assert.deepStrictEqual(token, {
            kind: "token",
            name: "token",
            tenant: "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a",
            version: "v1",
        });
        assert.deepStrictEqual(resolveRoute("POST", "/common/oauth2/v2.0/token"), {
            kind: "token",
            name: "token",
            tenant: "common",
            version: "v2",
        });
        assert.deepStrictEqual(resolveRoute("POST", "/common/oauth2/v2.0/devicecode"), {
            kind: "devicecode",
            name: "devicecode",
            tenant: "common",
        });
        // Only the v2 device authorization endpoint is served.
        assert.strictEqual(resolveRoute("POST", "/common/oauth2/devicecode").kind, "notFound");
        assert.strictEqual(resolveRoute("GET", "/common/oauth2/v2.0/devicecode").kind, "methodNotAllowed");
        const wrong = resolveRoute("POST", "/v1/customers/abc");
        assert.strictEqual(wrong.kind, "methodNotAllowed");
        assert.deepStrictEqual(wrong.kind === "methodNotAllowed" && wrong.allowed.sort(), ["DELETE", "GET", "PATCH"]);
        assert.strictEqual(resolveRoute("GET", "/v2/customers").kind, "notFound");
    });
});

describe("emulator unit: seed", () => {
    it("the default seed: partner, three active resellers including the seed document's, one known tenant", () => {
        const seed = loadSeed();
        assert.strictEqual(seed.partner.tenantId, "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a");
        assert.strictEqual(seed.partner.clientId, "0e1d2c3b-4a59-4687-9786-a5b4c3d2e1f0");
        assert.strictEqual(seed.partner.clientSecret, "emulator-client-secret");
        assert.strictEqual(seed.partner.refreshToken, "emulator-refresh-token");
        assert.deepStrictEqual(
            seed.indirectResellers.map((r) => [r.id, r.state]),
            [
                ["484e548c-f5f3-4528-93a9-c16c6373cb59", "Active"],
                ["9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Active"],
                ["c7d8e9f0-a1b2-4c3d-8e4f-5a6b7c8d9e0f", "Active"],
            ],
        );
        assert.deepStrictEqual(
            seed.knownTenants.map((t) => t.id),
            ["f0e1d2c3-b4a5-4968-8776-655443322110"],
        );
    });

    it("parseSeed names the missing field", () => {
        assert.throws(
            () => parseSeed({ partner: { tenantId: "t", name: "n", clientId: "c", clientSecret: "s" } }),
            /partner.refreshToken/,
        );
    });
});

describe("emulator unit: stores", () => {
    const customer = (id: string, domain: string) => ({
        id,
        commerceId: id,
        createdAtMs: 0,
        domain,
        companyName: domain,
        billing: {
            id: "b",
            email: "a@b.c",
            culture: "en-US",
            language: "en",
            companyName: domain,
            defaultAddress: { country: "US" },
            etag: "1",
        },
        relationshipToPartner: "reseller",
    });

    it("MemoryCustomerStore copies values in and out, finds domains case-insensitively, assigns seq", () => {
        const store = new MemoryCustomerStore();
        const a = store.insert(customer("A", "One.onmicrosoft.com"));
        const b = store.insert(customer("b", "two.onmicrosoft.com"));
        assert.deepStrictEqual([a.seq, b.seq], [1, 2]);
        a.domain = "mutated";
        assert.strictEqual(store.get("a")?.domain, "One.onmicrosoft.com");
        assert.strictEqual(store.findByDomain("ONE.ONMICROSOFT.COM")?.id, "A");
        assert.strictEqual(store.update({ ...b, id: "zzz" }), false);
        assert.strictEqual(store.delete("A"), true);
        assert.deepStrictEqual(
            store.list().map((c) => c.id),
            ["b"],
        );
    });

    it("keeps at most MAX_REPLAY_RECORDS replay records, dropping the oldest", () => {
        const store = new MemoryCustomerStore();
        for (let i = 0; i <= MAX_REPLAY_RECORDS; i++) {
            store.putReplay({ key: `k${i}`, method: "POST", path: "/v1/customers", status: 201, createdAtMs: i });
        }
        assert.strictEqual(store.getReplay("k0"), undefined);
        assert.strictEqual(store.getReplay(`k${MAX_REPLAY_RECORDS}`)?.status, 201);
        assert.strictEqual(store.snapshot().replays.length, MAX_REPLAY_RECORDS);
    });

    it("writeFileAtomic replaces the file and leaves no temp file; FileCustomerStore round-trips", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-emulator-unit-"));
        try {
            const file = path.join(dir, "x.json");
            writeFileAtomic(file, "one");
            writeFileAtomic(file, "two");
            assert.strictEqual(fs.readFileSync(file, "utf8"), "two");
            assert.deepStrictEqual(fs.readdirSync(dir), ["x.json"]);
            const data = path.join(dir, "store.json");
            const store = new FileCustomerStore(data);
            store.insert(customer("c1", "c1.onmicrosoft.com"));
            store.insert(customer("c2", "c2.onmicrosoft.com"));
            store.delete("c1");
            await store.close();
            const reopened = new FileCustomerStore(data);
            assert.deepStrictEqual(
                reopened.list().map((c) => [c.id, c.seq]),
                [["c2", 2]],
            );
            assert.strictEqual(reopened.insert(customer("c3", "c3.onmicrosoft.com")).seq, 3);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("emulator unit: CLI arguments", () => {
    it("parses every flag", () => {
        assert.deepStrictEqual(
            parseArgs([
                "--port",
                "0",
                "--data",
                "d.json",
                "--seed",
                "s.json",
                "--production",
                "--quota",
                "5",
                "--latency-ms",
                "10",
                "--rate-limit",
                "100",
                "--burst",
                "7",
                "--read-lag-ms",
                "2000",
                "--no-dedupe",
                "--quiet",
            ]),
            {
                port: 0,
                quiet: true,
                dataFile: "d.json",
                seed: "s.json",
                sandbox: false,
                quota: 5,
                latencyMs: 10,
                rateLimit: { requestsPerMinute: 100, burst: 7 },
                readAfterCreateLagMs: 2000,
                dedupeRequestIds: false,
            },
        );
        assert.deepStrictEqual(parseArgs([]), { port: 8787, quiet: false });
    });

    it("--burst sets the rate limit's bucket in any order, and needs --rate-limit", () => {
        assert.deepStrictEqual(parseArgs(["--burst", "10", "--rate-limit", "500"]).rateLimit, {
            requestsPerMinute: 500,
            burst: 10,
        });
        assert.throws(() => parseArgs(["--burst", "10"]), /--burst needs --rate-limit/);
        assert.throws(() => parseArgs(["--rate-limit", "500", "--burst", "0"]), /at least 1/);
    });

    it("rejects unknown flags and missing values", () => {
        assert.throws(() => parseArgs(["--nope"]), /unknown argument --nope/);
        assert.throws(() => parseArgs(["--port"]), /--port needs a value/);
        assert.throws(() => parseArgs(["--quota", "-1"]), /needs a value|non-negative/);
    });
});
