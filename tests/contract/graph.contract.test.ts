/**
 * The contract suite for Microsoft Graph: the published samples of every Graph operation the client calls
 * (`fixtures/graph/`, each naming its source page and where it was copied from), run three ways, as
 * `contract.test.ts` does for Partner Center:
 *
 * 1. codecs: the request body decodes with the operation's request codec, the answer with its response codec (or,
 *    for an error, the OData error codec);
 * 2. client: the client method, answered with the sample over a scripted fetch, sends the documented method, path,
 *    headers and body, and returns what the sample says (a 429 is waited out for its whole `Retry-After`, rounded
 *    up to the millisecond, then re-sent with the same `client-request-id`);
 * 3. emulator: the same request against the emulator (real HTTP on loopback, state set up through the real Graph
 *    client) gives the same status, the same key paths (except the differences a sample lists, each justified in
 *    its fixture's notes), and the same headers (by shape: ids and delays differ; a 429's `Retry-After` exactly).
 *
 * Coverage rule: every operation in `graphOperations` has a fixture, or an entry in PENDING with its reason, and an
 * entry must go once its fixture exists.
 */
import assert from "node:assert/strict";

import type * as t from "io-ts";
import fetch from "node-fetch";
import { matchPath } from "pulumi-partnercenter/api";
import {
    createGraphClient,
    GRAPH_RESOURCE,
    graphOperations,
    ODataError,
    type AnyGraphOperation,
    type GraphClient,
} from "pulumi-partnercenter/graph";

import { startEmulator, type Emulator } from "../../emulator";
import { appOnlyToken, graphCredentials } from "../integration/emulator-helpers";
import { FakeClock, scriptedFetch } from "../unit/client-fakes";
import { loadFixtures } from "./load-fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- samples are free-form JSON
type Json = any;

interface GraphSample {
    name: string;
    request: { method: string; path: string; headers?: Record<string, string>; body?: Json };
    response: { status: number; headers?: Record<string, string>; body?: Json };
    emulator?: {
        /** Keys only the emulator has, each justified in the fixture's notes. */
        extra?: string[];
        /** Keys only the sample has. */
        missing?: string[];
        /** Throttle the request (a fault) with this `Retry-After`, in seconds. */
        throttle?: number;
    };
}
interface GraphFixture {
    operation: string;
    source: string;
    copiedFrom: string;
    notes?: string[];
    samples: GraphSample[];
}

const fixtures: GraphFixture[] = loadFixtures<GraphFixture>("graph");

/** Graph operations without contract samples yet, each with the reason. Must be exactly the uncovered set. */
const PENDING: Readonly<Record<string, string>> = {};

const EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de";
const INTUNE_ADMIN = "3a2c62db-5318-420d-8d74-23affee5d9d5";
/** The roles the access-assignment create sample asks for: the relationship must hold them all. */
const ASSIGNMENT_SAMPLE_ROLES = [
    EXCHANGE_ADMIN,
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    INTUNE_ADMIN,
];
/** The state's own assignment (not the create sample's group, which must stay free). */
const STATE_GROUP = "227a2f44-2682-4831-a021-f8d69a34bcba";

/** Every key path of a JSON tree (`a`, `a.b`, `value[].id`), as in `contract.test.ts`. */
function keyPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
    if (Array.isArray(value)) {
        value.forEach((item) => keyPaths(item, `${prefix}[]`, out));
    } else if (typeof value === "object" && value !== null) {
        for (const [key, inner] of Object.entries(value)) {
            const p = prefix === "" ? key : `${prefix}.${key}`;
            out.add(p);
            keyPaths(inner, p, out);
        }
    }
    return out;
}

const decodes = (codec: t.Mixed, value: unknown) => codec.decode(value)._tag === "Right";
const specOf = (name: string): AnyGraphOperation => {
    const spec = graphOperations.find((o) => o.name === name);
    assert.ok(spec, `fixture names an unknown Graph operation ${name}`);
    return spec;
};
/** Path parameters of a sample's path, by its operation's template. */
const paramsOf = (f: GraphFixture, s: GraphSample): Record<string, string> => {
    const params = matchPath(specOf(f.operation).path, s.request.path);
    assert.ok(params, `${s.request.path} does not match ${specOf(f.operation).path}`);
    return params;
};
const param = (params: Record<string, string>, name: string): string => {
    const value = params[name];
    assert.ok(value !== undefined, `no {${name}} in the sample's path`);
    return value;
};

/** The client method for an operation, called with the sample's ids and body. */
function invoke(graph: GraphClient, f: GraphFixture, s: GraphSample): Promise<unknown> {
    const p = paramsOf(f, s);
    const rel = () => param(p, "relationshipId");
    const body = s.request.body as Json;
    const etag = s.request.headers?.["If-Match"] ?? "";
    switch (f.operation) {
        case "createDelegatedAdminRelationship":
            return graph.createRelationship(body);
        case "listDelegatedAdminRelationships":
            return graph.listRelationships();
        case "getDelegatedAdminRelationship":
            return graph.getRelationship(rel());
        case "updateDelegatedAdminRelationship":
            return graph.updateRelationship(rel(), body, etag);
        case "deleteDelegatedAdminRelationship":
            return graph.deleteRelationship(rel(), etag);
        case "createDelegatedAdminRelationshipRequest":
            return graph.requestAction(rel(), body.action);
        case "listDelegatedAdminRelationshipRequests":
            return graph.listRequests(rel());
        case "getDelegatedAdminRelationshipRequest":
            return graph.getRequest(rel(), param(p, "requestId"));
        case "createDelegatedAdminAccessAssignment":
            return graph.createAccessAssignment(rel(), body);
        case "listDelegatedAdminAccessAssignments":
            return graph.listAccessAssignments(rel());
        case "getDelegatedAdminAccessAssignment":
            return graph.getAccessAssignment(rel(), param(p, "assignmentId"));
        case "updateDelegatedAdminAccessAssignment":
            return graph.updateAccessAssignment(rel(), param(p, "assignmentId"), body.accessDetails, etag);
        case "deleteDelegatedAdminAccessAssignment":
            return graph.deleteAccessAssignment(rel(), param(p, "assignmentId"), etag);
        case "getDelegatedAdminRelationshipOperation":
            return graph.getOperation(rel(), param(p, "operationId"));
        case "listDelegatedAdminRelationshipOperations":
            return graph.listOperations(rel());
        default:
            throw new Error(`no client call for ${f.operation}`);
    }
}

/** What the client returns for a successful sample answer. */
function expectedResult(f: GraphFixture, s: GraphSample): unknown {
    const body = s.response.body as Json;
    if (f.operation === "updateDelegatedAdminAccessAssignment") {
        if (s.response.status !== 202) {
            return { kind: "unchanged" };
        }
        const location = s.response.headers?.["Location"] ?? "";
        const op = /\/delegatedAdminRelationships\/([^/]+)\/operations\/([^/]+)$/.exec(location);
        return {
            kind: "accepted",
            location,
            relationshipId: op?.[1],
            operationId: op?.[2],
            retryAfterMs: Number(s.response.headers?.["Retry-After"]) * 1000,
        };
    }
    if (body === undefined) {
        return undefined;
    }
    return Array.isArray(body.value) ? body.value : body;
}

describe("contract: the Microsoft Graph documentation's samples", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let graph: GraphClient;
    let token: string;
    let n = 0;

    before(async () => {
        emulator = await startEmulator({ port: 0, gdapOperationDelayMs: 0 });
        graph = createGraphClient({
            graphBase: `${emulator.url}/graph`,
            authority: emulator.url,
            credentials: graphCredentials(emulator),
        });
        token = await appOnlyToken(emulator, GRAPH_RESOURCE);
    });
    after(async () => emulator?.close());
    beforeEach(() => emulator.faults.clear());

    it("covers every Graph operation (or says why not), and every fixture names its source page", () => {
        const covered = new Set(fixtures.map((f) => f.operation));
        const missing = graphOperations.map((o) => o.name).filter((name) => !covered.has(name));
        assert.deepEqual(missing.sort(), Object.keys(PENDING).sort(), `without samples: ${missing.join(", ")}`);
        for (const f of fixtures) {
            assert.match(f.source, /^https:\/\/learn\.microsoft\.com\//, `${f.operation}: source`);
            assert.ok(f.copiedFrom.length > 0, `${f.operation}: copiedFrom`);
            for (const s of f.samples) {
                const documented = [...(s.emulator?.extra ?? []), ...(s.emulator?.missing ?? [])];
                assert.ok(documented.length === 0 || (f.notes ?? []).length > 0, `${s.name}: differences need notes`);
            }
        }
    });

    /**
     * The emulator's state for one sample: an active relationship holding every role the samples ask for (customer
     * with a display name, locked through a request, approved), an assignment on it with one succeeded update (an
     * operation), and a second relationship still `created`.
     */
    async function state() {
        n += 1;
        const customer = { tenantId: "5d027261-d21f-4aa9-b7db-7fa1f56fb163", displayName: "Contoso Inc" };
        const unifiedRoles = ASSIGNMENT_SAMPLE_ROLES.map((roleDefinitionId) => ({ roleDefinitionId }));
        const r = await graph.createRelationship({
            displayName: `Contract ${n} ${Date.now()}`,
            duration: "P730D",
            customer,
            accessDetails: { unifiedRoles },
        });
        const lock = await graph.requestAction(r.id, "lockForApproval");
        await fetch(`${emulator.url}/_emulator/gdap/relationships/${r.id}/approve`, { method: "POST" });
        const a = await graph.createAccessAssignment(r.id, {
            accessContainer: { accessContainerId: STATE_GROUP, accessContainerType: "securityGroup" },
            accessDetails: { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }] },
        });
        const read = await graph.getAccessAssignment(r.id, a.id);
        const accepted = await graph.updateAccessAssignment(
            r.id,
            a.id,
            { unifiedRoles: [{ roleDefinitionId: INTUNE_ADMIN }] },
            read["@odata.etag"] ?? "",
        );
        assert.equal(accepted.kind, "accepted");
        const operationId = accepted.kind === "accepted" ? accepted.operationId : "";
        await graph.getOperation(r.id, operationId);
        const now = await graph.getAccessAssignment(r.id, a.id);
        const created = await graph.createRelationship({
            displayName: `Contract created ${n} ${Date.now()}`,
            duration: "P90D",
            customer,
            accessDetails: { unifiedRoles },
        });
        return {
            relationshipId: r.id,
            requestId: lock.id,
            assignmentId: a.id,
            assignmentEtag: now["@odata.etag"] ?? "",
            operationId,
            created: { id: created.id, etag: created["@odata.etag"] ?? "" },
        };
    }

    /** The sample's request with the emulator's ids (and a displayName no other test holds). */
    async function emulatorAnswer(f: GraphFixture, s: GraphSample) {
        const st = await state();
        const base = `${emulator.url}/graph/v1.0/tenantRelationships/delegatedAdminRelationships`;
        const rel = `${base}/${st.relationshipId}`;
        const created = `${base}/${st.created.id}`;
        const auth = { Authorization: `Bearer ${token}` };
        const json = { ...auth, "Content-Type": "application/json" };
        const body = s.request.body as Json;
        const unique = (b: Json) => ({ ...b, displayName: `${String(b.displayName).slice(0, 30)} ${n} ${Date.now()}` });
        if (s.emulator?.throttle !== undefined) {
            emulator.faults.add({
                kind: "throttle",
                retryAfterSeconds: s.emulator.throttle,
                match: { operation: f.operation },
            });
        }
        const send = (url: string, init: { method?: string; headers?: Record<string, string>; body?: Json } = {}) =>
            fetch(url, {
                method: init.method ?? "GET",
                headers: init.headers ?? auth,
                ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
            });
        let res;
        switch (f.operation) {
            case "createDelegatedAdminRelationship":
                res = await send(base, { method: "POST", headers: json, body: unique(body) });
                break;
            case "listDelegatedAdminRelationships":
                res = await send(base);
                break;
            case "getDelegatedAdminRelationship":
                res = await send(rel);
                break;
            case "updateDelegatedAdminRelationship":
                res = await send(created, {
                    method: "PATCH",
                    headers: { ...json, "If-Match": st.created.etag },
                    body: unique(body),
                });
                break;
            case "deleteDelegatedAdminRelationship":
                res = await send(created, { method: "DELETE", headers: { ...auth, "If-Match": st.created.etag } });
                break;
            case "createDelegatedAdminRelationshipRequest":
                res = await send(`${created}/requests`, { method: "POST", headers: json, body });
                break;
            case "listDelegatedAdminRelationshipRequests":
                res = await send(`${rel}/requests`);
                break;
            case "getDelegatedAdminRelationshipRequest":
                res = await send(`${rel}/requests/${st.requestId}`);
                break;
            case "createDelegatedAdminAccessAssignment":
                res = await send(`${rel}/accessAssignments`, { method: "POST", headers: json, body });
                break;
            case "listDelegatedAdminAccessAssignments":
                res = await send(`${rel}/accessAssignments`);
                break;
            case "getDelegatedAdminAccessAssignment":
                res = await send(`${rel}/accessAssignments/${st.assignmentId}`);
                break;
            case "updateDelegatedAdminAccessAssignment":
                res = await send(`${rel}/accessAssignments/${st.assignmentId}`, {
                    method: "PATCH",
                    headers: { ...json, "If-Match": st.assignmentEtag },
                    // The sample's roles are not among the relationship's here: ask for another one it holds.
                    body: { accessDetails: { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }] } },
                });
                break;
            case "deleteDelegatedAdminAccessAssignment":
                res = await send(`${rel}/accessAssignments/${st.assignmentId}`, {
                    method: "DELETE",
                    headers: { ...auth, "If-Match": st.assignmentEtag },
                });
                break;
            case "getDelegatedAdminRelationshipOperation":
                res = await send(`${rel}/operations/${st.operationId}`);
                break;
            case "listDelegatedAdminRelationshipOperations":
                res = await send(`${rel}/operations`);
                break;
            default:
                throw new Error(`no emulator request for ${f.operation} (${s.name})`);
        }
        const text = await res.text();
        return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : undefined };
    }

    /** The 200 sample of an operation (what a throttled call gets once it is let through). */
    const successOf = (operation: string) =>
        fixtures
            .filter((x) => x.operation === operation)
            .flatMap((x) => x.samples)
            .find((x) => x.response.status < 300)?.response;

    for (const f of fixtures) {
        describe(`${f.operation} (${f.source})`, () => {
            const spec = specOf(f.operation);
            for (const s of f.samples) {
                const throttled = s.response.status === 429;

                it(`${s.name}: the codecs read the sample`, () => {
                    assert.equal(s.request.method, spec.method);
                    const template = new RegExp(`^${spec.path.replace(/\{\w+\}/g, "[^/]+")}$`);
                    assert.match(s.request.path, template);
                    if (s.request.body !== undefined) {
                        assert.ok(spec.request !== undefined, "the sample has a body the operation does not send");
                        assert.ok(decodes(spec.request, s.request.body), "request");
                    }
                    if (throttled) {
                        assert.ok(decodes(ODataError, s.response.body), "OData error");
                        return;
                    }
                    if (spec.response !== undefined) {
                        assert.ok(decodes(spec.response, s.response.body), "response");
                    }
                    assert.ok((spec.success as readonly number[]).includes(s.response.status));
                });

                it(`${s.name}: the client sends ${spec.method} ${spec.path} and reads the answer`, async () => {
                    const clock = new FakeClock();
                    const sample = { status: s.response.status, body: s.response.body, headers: s.response.headers };
                    const fake = scriptedFetch({ api: throttled ? [sample, successOf(f.operation)!] : [sample] });
                    const client = createGraphClient({
                        graphBase: "https://graph.microsoft.com",
                        authority: "https://login.microsoftonline.com",
                        credentials: { kind: "accessToken", accessToken: "contract-test-token" },
                        fetch: fake.fetch,
                        now: clock.now,
                        sleep: clock.sleep,
                        // No jitter: a throttled retry waits max(Retry-After, backoff), the backoff then 0.
                        random: () => 0,
                        pacing: { requestsPerMinute: 0 },
                    });
                    const value = await invoke(client, f, s);
                    const sent = fake.api()[0];
                    assert.ok(sent, "no request was sent");
                    assert.equal(sent.method, spec.method);
                    assert.equal(new URL(sent.url).pathname, s.request.path);
                    for (const [name, v] of Object.entries(s.request.headers ?? {})) {
                        assert.equal(sent.headers[name.toLowerCase()], v, `header ${name}`);
                    }
                    if (s.request.body !== undefined) {
                        assert.deepEqual(JSON.parse(sent.body ?? "null"), s.request.body);
                    }
                    if (throttled) {
                        // Retry-After 2.128 is 2128 ms: waited in full (never 2 s), then re-sent as the same call.
                        const wait = Math.ceil(Number(s.response.headers?.["Retry-After"]) * 1000);
                        assert.ok(clock.sleeps.includes(wait), `slept ${clock.sleeps.join(",")}, not ${wait}`);
                        assert.equal(fake.api().length, 2);
                        assert.equal(fake.api()[1]?.headers["client-request-id"], sent.headers["client-request-id"]);
                        assert.deepEqual(value, successOf(f.operation)?.body);
                        return;
                    }
                    assert.deepEqual(value, expectedResult(f, s));
                });

                it(`${s.name}: the emulator answers ${s.response.status} with the same keys and headers`, async () => {
                    const got = await emulatorAnswer(f, s);
                    assert.equal(got.status, s.response.status, JSON.stringify(got.body));
                    const documented = keyPaths(s.response.body);
                    const emulated = keyPaths(got.body);
                    const extra = [...emulated].filter((k) => !documented.has(k)).sort();
                    const missing = [...documented].filter((k) => !emulated.has(k)).sort();
                    assert.deepEqual(extra, [...(s.emulator?.extra ?? [])].sort(), "keys only the emulator has");
                    assert.deepEqual(missing, [...(s.emulator?.missing ?? [])].sort(), "keys only the sample has");
                    for (const [name, value] of Object.entries(s.response.headers ?? {})) {
                        const mine = got.headers.get(name);
                        assert.ok(mine !== null, `header ${name}`);
                        if (name === "Location") {
                            // Same path shape under the emulator's base.
                            const shape = (u: string) =>
                                new URL(u).pathname
                                    .replace(/^\/graph/, "")
                                    .replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, "{id}");
                            assert.equal(shape(mine), shape(value));
                        } else if (name === "Retry-After") {
                            assert.match(mine, /^\d+(\.\d+)?$/);
                            if (throttled) {
                                assert.equal(mine, value);
                            }
                        }
                    }
                });
            }
        });
    }
});
