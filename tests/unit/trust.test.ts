/**
 * Unit tests of the trust rules that need no engine: credentials in plaintext stack config, the credentials
 * message naming missing keys, the import option, and check failures in the form the engine renders.
 */
import assert from "node:assert/strict";

import { IndirectResellerCustomer } from "pulumi-partnercenter";
import { failuresForEngine } from "pulumi-partnercenter/implementation";

import { closestName } from "pulumi-partnercenter/kernel";
import {
    assertKnownSettingKeys,
    credentialsProblem,
    defaultGraphEndpoint,
    unknownSettingKeys,
    plaintextSecretMessage,
    plaintextSecretSettings,
    readSettings,
    SECRET_SETTING_KEYS,
    setLogSink,
    summarising,
    type LogLevel,
} from "pulumi-partnercenter/runtime";
import { customerArgs } from "../fixtures/customers";

describe("credentials in stack config", () => {
    const config: Record<string, string> = {
        "partnercenter:tenantId": "t",
        "partnercenter:clientSecret": "plain-distinctive-1",
        "partnercenter:refreshToken": "secret-distinctive-2",
    };
    const get = (key: string) => config[key];

    it("finds every secret key set without --secret, and only those", () => {
        const secretKeys = new Set(["partnercenter:refreshToken"]);
        assert.deepEqual(
            plaintextSecretSettings(get, (k) => secretKeys.has(k)),
            ["clientSecret"],
        );
        assert.deepEqual(
            plaintextSecretSettings(get, () => true),
            [],
        );
        assert.deepEqual(SECRET_SETTING_KEYS, [
            "clientSecret",
            "clientCertificate",
            "clientCertificatePassword",
            "refreshToken",
            "accessToken",
        ]);
    });

    it("names the exact fix and never the value", () => {
        const message = plaintextSecretMessage(["clientSecret", "accessToken"]);
        assert.match(message, /pulumi config set --secret partnercenter:clientSecret <value>/);
        assert.match(message, /pulumi config set --secret partnercenter:accessToken <value>/);
        assert.match(message, /Nothing was created/);
        assert.ok(!message.includes("plain-distinctive-1"));
    });

    it("names the missing credential keys (3 of 4 set)", () => {
        const settings = readSettings((k) => ({ tenantId: "t", clientId: "c", clientSecret: "s" })[k as string], {});
        assert.equal(settings.credentials, undefined);
        const message = credentialsProblem(settings.credentialKeysSet);
        assert.match(message, /partnercenter:refreshToken is not set/);
        // The refresh token comes from signing in: the fix is the command that does it and stores it as a secret.
        assert.match(
            message,
            /`npx pulumi-partnercenter login` \(signs in and stores partnercenter:refreshToken as a secret\)/,
        );
        assert.match(message, /PARTNERCENTER_REFRESH_TOKEN/);
        assert.ok(!message.includes("partnercenter:clientId is not set"));
        assert.match(credentialsProblem([]), /are not configured/);
    });
});

describe("the import resource option", () => {
    it("fails with a message that points to adoption and the upstream issue", () => {
        assert.throws(
            () => new IndirectResellerCustomer("c", customerArgs("imp") as never, { import: "some-id" }),
            (e: Error) =>
                /import resource option is not supported/.test(e.message) &&
                /pulumi\/pulumi#3550/.test(e.message) &&
                /adoptExisting: true/.test(e.message),
        );
    });
});

describe("check failures for the engine", () => {
    const news = customerArgs("eng", { adoptExisting: "yes" });
    (news["billingProfile"] as Record<string, Record<string, unknown>>)["defaultAddress"]!["country"] = "XX";

    it("moves nested paths into the reason (the engine looks properties up as top-level keys) with the value", () => {
        const failures = failuresForEngine(
            [
                { property: "billingProfile.defaultAddress.country", reason: "must be a 2-letter code" },
                { property: "billingProfile.email", reason: "is required" },
                { property: "adoptExisting", reason: 'must be true, false or "ifExists" (got string)' },
                { property: "", reason: "Partner Center authentication failed" },
            ],
            news,
        );
        assert.deepEqual(failures, [
            { property: "", reason: 'billingProfile.defaultAddress.country: must be a 2-letter code (got "XX")' },
            { property: "", reason: 'billingProfile.email: is required (got "billing@eng.example")' },
            { property: "adoptExisting", reason: 'must be true, false or "ifExists" (got string "yes")' },
            { property: "", reason: "Partner Center authentication failed" },
        ]);
    });

    it("does not repeat a value the reason already quotes", () => {
        const [failure] = failuresForEngine(
            [{ property: "billingProfile.defaultAddress.country", reason: 'must be a code (got "XX")' }],
            news,
        );
        assert.equal(failure?.reason, 'billingProfile.defaultAddress.country: must be a code (got "XX")');
    });
});

describe("logs for people", () => {
    it("summarises a burst: one info line per kind per window, the rest debug, the next line counts them", () => {
        const lines: { level: LogLevel; message: string }[] = [];
        const previous = setLogSink((level, message) => lines.push({ level, message }));
        try {
            let t = 0;
            const burst = summarising(15_000, () => t);
            for (let i = 0; i < 100; i++) {
                t = i * 300; // 100 waits over 30 s
                burst("throttled:rate", `waiting ${i} ms`);
            }
            burst("retry:500", "500: retrying");
            const info = lines.filter((l) => l.level === "info");
            assert.equal(info.filter((l) => l.message.startsWith("waiting")).length, 2);
            assert.match(info[1]?.message ?? "", /and 49 more like it in the last 15 s/);
            assert.equal(lines.filter((l) => l.level === "debug").length, 98);
            assert.ok(
                info.some((l) => l.message === "500: retrying"),
                "another kind has its own line",
            );
        } finally {
            setLogSink(previous);
        }
    });
});

describe("config keys: a misspelt key fails before anything is created, with the closest name", () => {
    const cases: Array<[string, string[], RegExp | undefined]> = [
        ["known keys pass", ["partnercenter:endpoint", "partnercenter:clientSecret", "proj:customers"], undefined],
        [
            "a typo in the key",
            ["partnercenter:endpont"],
            /partnercenter:endpont is not a setting .*did you mean partnercenter:endpoint\?/,
        ],
        ["another casing", ["partnercenter:ClientSecret"], /did you mean partnercenter:clientSecret\?/],
        [
            "a key with no close name",
            ["partnercenter:colour"],
            /^partnercenter:colour is not a setting of this provider$/,
        ],
        [
            "the namespace misspelt",
            ["partnercentre:clientSecret"],
            /partnercentre:clientSecret: the namespace is 'partnercenter' \(did you mean partnercenter:clientSecret\?\)/,
        ],
        ["the namespace with a dash", ["partner-center:endpoint"], /did you mean partnercenter:endpoint\?/],
        ["another provider's namespace passes", ["azure-native:location", "aws:region"], undefined],
    ];
    for (const [name, keys, expected] of cases) {
        it(name, () => {
            const problems = unknownSettingKeys(keys).join("; ");
            if (expected === undefined) {
                assert.equal(problems, "");
                assert.doesNotThrow(() => assertKnownSettingKeys(keys));
            } else {
                assert.match(problems, expected);
                assert.throws(() => assertKnownSettingKeys(keys), /Nothing was created/);
            }
        });
    }
});

describe("the Graph endpoint follows the Partner Center endpoint when unset", () => {
    it("Microsoft's clouds use Microsoft Graph; any other endpoint (the emulator) serves Graph at <endpoint>/graph", () => {
        assert.equal(readSettings(() => undefined, {}).graph.endpoint, "https://graph.microsoft.com");
        const at = (endpoint: string) =>
            readSettings((k) => (k === "endpoint" ? endpoint : undefined), {}).graph.endpoint;
        assert.equal(at("https://api.partnercenter.microsoft.com/"), "https://graph.microsoft.com");
        assert.equal(at("http://127.0.0.1:8787"), "http://127.0.0.1:8787/graph");
        assert.equal(
            readSettings(
                (k) =>
                    (
                        ({ endpoint: "http://127.0.0.1:8787", graphEndpoint: "http://127.0.0.1:9999/g" }) as Record<
                            string,
                            string
                        >
                    )[k],
                {},
            ).graph.endpoint,
            "http://127.0.0.1:9999/g",
        );
        assert.equal(
            defaultGraphEndpoint({ apiBase: "http://x", authority: "http://x", resource: "r" }),
            "http://x/graph",
        );
    });
});

describe("closest-name hints", () => {
    const known = ["autoExtendDuration", "duration", "displayName", "securityGroupId", "roles"];
    const cases: Array<[string, string | undefined]> = [
        ["displayname", "displayName"], // casing
        ["dispalyName", "displayName"], // a transposition
        ["autoExtend", "autoExtendDuration"], // a shortened name
        ["securityGroup", "securityGroupId"],
        ["dur", undefined], // too short to be read as a shortening, and too far from anything
        ["colour", undefined],
    ];
    for (const [key, expected] of cases) {
        it(`${key} -> ${expected ?? "(no hint)"}`, () => {
            assert.equal(closestName(key, known), expected);
        });
    }
});
