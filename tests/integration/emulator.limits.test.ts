/**
 * The emulator's rate limits per API family (`api/limits.ts`): a bucket per partner tenant and family, so the MCA
 * calls do not spend the Customer resource's budget, and a Graph write counts against Graph's write limit and its
 * any-call limit. Over real HTTP; buckets of one token, so the second call of a family is refused at once.
 */
import * as assert from "assert";
import fetch from "node-fetch";

import { FAMILY_LIMITS } from "pulumi-partnercenter/api";

import { startEmulator, type Emulator } from "../../emulator";
import { familyRateLimit } from "../../emulator/settings";
import { apiClient, appOnlyToken, fixture } from "./emulator-helpers";

const RELATIONSHIPS = "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf";
const MCA_TEMPLATES = "/v1/agreements?agreementType=MicrosoftCustomerAgreement";
const GDAP = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships";

describe("emulator: rate limits per API family", function () {
    this.timeout(20_000);
    let emulator: Emulator | undefined;
    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
    });

    it("the MCA family has a bucket of its own: a call of one family never spends the other's budget", async () => {
        emulator = await startEmulator({ port: 0, rateLimit: { requestsPerMinute: 60, burst: 1 } });
        const api = apiClient(emulator);
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        assert.strictEqual((await api("GET", MCA_TEMPLATES)).status, 200, "the MCA bucket is still full");
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 429);
        assert.strictEqual((await api("GET", MCA_TEMPLATES)).status, 429);
        const log = emulator.requestLog.map((e) => [e.operation, e.families, e.status, e.throttledBy ?? "-"]);
        assert.deepStrictEqual(log, [
            ["listIndirectResellers", ["customers"], 200, "-"],
            ["listAgreementTemplates", ["mca"], 200, "-"],
            ["listIndirectResellers", ["customers"], 429, "customers"],
            ["listAgreementTemplates", ["mca"], 429, "mca"],
        ]);
    });

    it("with rateLimit on, Graph gets its published limits: 300 writes/min and 3000 calls/min per tenant", async () => {
        emulator = await startEmulator({ port: 0, rateLimit: { requestsPerMinute: 500 } });
        const settings = emulator.options;
        assert.deepStrictEqual(familyRateLimit(settings, "customers"), { requestsPerMinute: 500 });
        assert.deepStrictEqual(familyRateLimit(settings, "mca"), { requestsPerMinute: 500 });
        assert.deepStrictEqual(familyRateLimit(settings, "graphWrite"), {
            requestsPerMinute: FAMILY_LIMITS.graphWrite.requestsPerMinute,
        });
        assert.strictEqual(FAMILY_LIMITS.graphWrite.requestsPerMinute, 300, "100 per 20 s");
        assert.strictEqual(familyRateLimit(settings, "graph")?.requestsPerMinute, 3000, "1000 per 20 s");
        settings.rateLimit = undefined;
        assert.strictEqual(familyRateLimit(settings, "graphWrite"), undefined, "off with rateLimit off");
    });

    it("a Graph write is refused by the write bucket while reads still pass", async () => {
        emulator = await startEmulator({
            port: 0,
            rateLimits: { graphWrite: { requestsPerMinute: 60, burst: 1 } },
        });
        const graph = apiClient(emulator, await appOnlyToken(emulator, "https://graph.microsoft.com"));
        const { _source: _ignored, ...sample } = fixture("graph-create-relationship-request.json");
        const created = await graph("POST", GDAP, { body: { ...sample, displayName: "limits 1" } });
        assert.strictEqual(created.status, 201);
        const refused = await graph("POST", GDAP, { body: { ...sample, displayName: "limits 2" } });
        assert.strictEqual(refused.status, 429);
        assert.ok(Number(refused.headers["retry-after"]) >= 1);
        assert.strictEqual((await graph("GET", GDAP)).status, 200, "reads count against the any-call limit only");
        const log = emulator.requestLog
            .filter((e) => e.operation !== "token")
            .map((e) => [e.method, e.families, e.status, e.throttledBy ?? "-"]);
        assert.deepStrictEqual(log, [
            ["POST", ["graphWrite", "graph"], 201, "-"],
            ["POST", ["graphWrite", "graph"], 429, "graphWrite"],
            ["GET", ["graph"], 200, "-"],
        ]);
    });

    it("PATCH /_emulator/settings sets per-family limits and refuses an unknown family", async () => {
        emulator = await startEmulator({ port: 0 });
        const patch = (body: unknown) =>
            fetch(`${emulator!.url}/_emulator/settings`, { method: "PATCH", body: JSON.stringify(body) });
        assert.strictEqual((await patch({ rateLimits: { mca: { requestsPerMinute: 6 } } })).status, 200);
        assert.deepStrictEqual(familyRateLimit(emulator.options, "mca"), { requestsPerMinute: 6 });
        assert.strictEqual(familyRateLimit(emulator.options, "customers"), undefined);
        const bad = await patch({ rateLimits: { orders: { requestsPerMinute: 6 } } });
        assert.strictEqual(bad.status, 400);
        assert.match(await bad.text(), /rateLimits\.orders/);
    });
});
