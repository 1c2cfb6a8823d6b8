/**
 * `pulumi-partnercenter discover` against the emulator over real HTTP: paging through a reseller's customers,
 * several resellers, a reseller with none, an unknown reseller; the CLI's file, exit codes and messages; and the
 * entries it writes adopted by the provider with no write at all (no POST, no PUT).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";

import { createPartnerCenterClient, type PartnerCenterClient } from "pulumi-partnercenter/client";
import { discoverCustomers, DiscoverError, type OnboardingEntry } from "pulumi-partnercenter/cli";
import { main } from "pulumi-partnercenter/cli/main";
import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { OTHER_RESELLER, RESELLER } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { apiClient, createBody, uniquePrefix } from "./emulator-helpers";

/** The seed's third indirect reseller: no customers in these tests. */
const EMPTY_RESELLER = "c7d8e9f0-a1b2-4c3d-8e4f-5a6b7c8d9e0f";
const UNKNOWN_RESELLER = "00000000-0000-4000-8000-000000000000";

function clientFor(emulator: Emulator): PartnerCenterClient {
    const { partner } = emulator.seed;
    return createPartnerCenterClient({
        apiBase: emulator.url,
        credentials: {
            kind: "refreshToken",
            tenantId: partner.tenantId,
            clientId: partner.clientId,
            clientSecret: partner.clientSecret,
            refreshToken: partner.refreshToken,
        },
    });
}

function envFor(emulator: Emulator): NodeJS.ProcessEnv {
    const { partner } = emulator.seed;
    return {
        PARTNERCENTER_ENDPOINT: emulator.url,
        PARTNERCENTER_TENANT_ID: partner.tenantId,
        PARTNERCENTER_CLIENT_ID: partner.clientId,
        PARTNERCENTER_CLIENT_SECRET: partner.clientSecret,
        PARTNERCENTER_REFRESH_TOKEN: partner.refreshToken,
    };
}

async function runCli(argv: string[], env: NodeJS.ProcessEnv) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (b: Buffer) => (out += b.toString()));
    stderr.on("data", (b: Buffer) => (err += b.toString()));
    const code = await main(argv, { stdout, stderr, env });
    return { code, out, err };
}

const apiCalls = (log: RequestLogEntry[]) => log.filter((e) => e.operation !== "token");
const count = (log: RequestLogEntry[], op: string) => log.filter((e) => e.operation === op).length;

describe("discover: a reseller's existing customers as a bulk-onboarding file (emulator, real HTTP)", function () {
    this.timeout(60_000);
    let emulator: Emulator;
    const domains: Record<string, string[]> = { [RESELLER]: [], [OTHER_RESELLER]: [] };

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
        const api = apiClient(emulator);
        for (const [reseller, n] of [
            [RESELLER, 7],
            [OTHER_RESELLER, 3],
        ] as const) {
            for (let i = 0; i < n; i++) {
                const prefix = uniquePrefix("disc");
                const res = await api("POST", "/v1/customers", {
                    body: createBody({ prefix, associatedPartnerId: reseller }),
                });
                assert.strictEqual(res.status, 201, res.text);
                domains[reseller]!.push(`${prefix}.onmicrosoft.com`);
            }
        }
    });
    after(async () => {
        impl.resetRuntime();
        await emulator.close();
    });

    it("follows every page of the reseller's customers and reads each billing profile once", async () => {
        const start = emulator.requestLog.length;
        const result = await discoverCustomers(clientFor(emulator), { resellers: [RESELLER], pageSize: 2 });
        const log = apiCalls(emulator.requestLog.slice(start));
        assert.deepStrictEqual(result.entries.map((e) => e.domain).sort(), [...domains[RESELLER]!].sort());
        assert.strictEqual(count(log, "listCustomers"), 4, "7 customers in pages of 2");
        assert.strictEqual(count(log, "getBillingProfile"), 7);
        assert.ok(
            log.every((e) => e.method === "GET"),
            "discover only reads",
        );
        for (const entry of result.entries) {
            assert.strictEqual(entry.adoptExisting, true);
            assert.strictEqual(entry.resellerId, RESELLER);
            assert.strictEqual(entry.billingProfile.culture, "en-US");
            assert.strictEqual(entry.billingProfile.defaultAddress.country, "US");
            assert.ok(!("id" in entry.billingProfile), "the profile's id is not an input");
        }
    });

    it("several resellers: each one's customers, unique resource names; a reseller with none gives 0", async () => {
        const result = await discoverCustomers(clientFor(emulator), {
            resellers: [RESELLER, OTHER_RESELLER.toUpperCase(), EMPTY_RESELLER],
        });
        assert.deepStrictEqual(result.perReseller, { [RESELLER]: 7, [OTHER_RESELLER]: 3, [EMPTY_RESELLER]: 0 });
        assert.strictEqual(result.entries.length, 10);
        assert.strictEqual(new Set(result.entries.map((e) => e.name)).size, 10);
        assert.deepStrictEqual(
            result.entries
                .filter((e) => e.resellerId === OTHER_RESELLER)
                .map((e) => e.domain)
                .sort(),
            [...domains[OTHER_RESELLER]!].sort(),
        );
        const none = await discoverCustomers(clientFor(emulator), { resellers: [EMPTY_RESELLER] });
        assert.deepStrictEqual(none.entries, []);
    });

    it("an unknown reseller fails naming it, before listing any customer", async () => {
        const start = emulator.requestLog.length;
        await assert.rejects(
            discoverCustomers(clientFor(emulator), { resellers: [RESELLER, UNKNOWN_RESELLER] }),
            (e: unknown) =>
                e instanceof DiscoverError &&
                e.message.includes(UNKNOWN_RESELLER) &&
                /not an indirect reseller of this partner/.test(e.message),
        );
        assert.strictEqual(count(emulator.requestLog.slice(start), "listCustomers"), 0);
    });

    it("the CLI writes the file (--out), says what it found, exits 2 on bad input; no credential is printed", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-discover-"));
        try {
            const out = path.join(dir, "customers.json");
            const env = envFor(emulator);
            const ok = await runCli(["discover", "--reseller", OTHER_RESELLER, "--out", out], env);
            assert.strictEqual(ok.code, 0, ok.err);
            const entries = JSON.parse(fs.readFileSync(out, "utf8")) as OnboardingEntry[];
            assert.strictEqual(entries.length, 3);
            assert.match(ok.err, /discovered 3 customer\(s\) \(9b2f3c4d-[^)]*: 3\) -> .*customers\.json/);

            const toStdout = await runCli(["discover", "--reseller", EMPTY_RESELLER, "--no-progress"], env);
            assert.strictEqual(toStdout.code, 0);
            assert.deepStrictEqual(JSON.parse(toStdout.out), []);

            const unknown = await runCli(["discover", "--reseller", UNKNOWN_RESELLER], env);
            assert.strictEqual(unknown.code, 2);
            assert.match(unknown.err, /discover failed: --reseller 00000000-.*not an indirect reseller/);

            const missing = await runCli(["discover"], env);
            assert.strictEqual(missing.code, 2);
            assert.match(missing.err, /--reseller is required/);
            const badFlag = await runCli(["discover", "--reseller", RESELLER, "--bogus"], env);
            assert.strictEqual(badFlag.code, 2);

            const noCreds = await runCli(["discover", "--reseller", RESELLER], {
                PARTNERCENTER_ENDPOINT: emulator.url,
            });
            assert.strictEqual(noCreds.code, 1);
            assert.match(noCreds.err, /credentials are not configured/);
            for (const r of [ok, toStdout, unknown, missing, badFlag]) {
                for (const secret of [emulator.seed.partner.clientSecret, emulator.seed.partner.refreshToken]) {
                    assert.ok(!r.out.includes(secret) && !r.err.includes(secret));
                }
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a discovered entry is adopted by the provider with reads only: no POST, no PUT", async () => {
        const [entry] = (await discoverCustomers(clientFor(emulator), { resellers: [OTHER_RESELLER] })).entries;
        assert.ok(entry);
        configureImplementation(emulator, { domainPreflight: "create" });
        const args = {
            associatedPartnerId: entry.resellerId,
            companyProfile: { domain: entry.domain },
            billingProfile: entry.billingProfile,
            adoptExisting: entry.adoptExisting,
        };
        const checked = await impl.provider.check({}, args);
        assert.deepStrictEqual(checked.failures, []);
        const start = emulator.requestLog.length;
        const created = await impl.provider.create(checked.inputs);
        const log = apiCalls(emulator.requestLog.slice(start));
        assert.strictEqual((created.outs as Record<string, unknown>)["adopted"], true);
        assert.strictEqual(count(log, "createCustomer"), 0);
        assert.strictEqual(count(log, "updateBillingProfile"), 0, `calls: ${log.map((e) => e.operation).join(", ")}`);
        assert.ok(log.length <= 3, `calls: ${log.map((e) => e.operation).join(", ")}`);
    });
});
