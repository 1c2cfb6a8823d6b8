/**
 * Error bodies of every shape Partner Center sends, the error message format, the brand check, decode
 * messages, and redaction: no token, secret or password in messages, JSON or `util.inspect` output.
 */
import * as assert from "assert";
import { inspect } from "util";

import { Customer } from "pulumi-partnercenter/api";
import {
    PartnerCenterError,
    REDACTED,
    SecretSet,
    decodeMessages,
    isDecodeError,
    isPartnerCenterError,
    parseErrorBody,
    redact,
    redactValue,
} from "pulumi-partnercenter/client";

const TOKEN = "fake-access-token-2.for-tests.sig";
const SECRET = "fake-client-secret-~Q8.s3cr3t";
const REFRESH = "0.AAAA-fake-refresh-token-XYZ";
const PASSWORD = "0Krha*Io";

describe("client: parseErrorBody", () => {
    const table: Array<[string, string, object]> = [
        [
            "ApiFault with a string code",
            JSON.stringify({ code: "27100", description: "Domain not available", data: [], source: "PartnerFD" }),
            { code: "27100", description: "Domain not available" },
        ],
        [
            "ApiFault with a numeric code and embedded JSON in description",
            JSON.stringify({
                code: 2007,
                description: '{"code":"60071","reason":"ZipCityInvalid"}',
                data: [],
                source: "PartnerFD",
            }),
            { code: "2007", description: '{"code":"60071","reason":"ZipCityInvalid"}' },
        ],
        [
            "newer fault shape with message, errorName and isRetryable",
            JSON.stringify({
                code: 600061,
                message: "A partner confirmed agreement already exists for the customer.",
                errorName: "PartnerConfirmedAgreementAlreadyExists",
                isRetryable: false,
                parameters: {},
                errorMessageExtended: "InternalErrorCode=600061",
            }),
            {
                code: "600061",
                description: "A partner confirmed agreement already exists for the customer.",
                errorName: "PartnerConfirmedAgreementAlreadyExists",
                serviceRetryable: false,
            },
        ],
        [
            "throttling body {statusCode, message} has no Partner Center code",
            JSON.stringify({ statusCode: 429, message: "Rate limit is exceeded. Try again in 57 seconds." }),
            { description: "Rate limit is exceeded. Try again in 57 seconds." },
        ],
        [
            "OAuth {error, error_description}",
            JSON.stringify({
                error: "invalid_grant",
                error_description: "AADSTS70000: The refresh token has expired.",
            }),
            { code: "invalid_grant", description: "AADSTS70000: The refresh token has expired." },
        ],
        [
            "Azure-style {error: {code, message}}",
            JSON.stringify({ error: { code: "Forbidden", message: "nope" } }),
            { code: "Forbidden", description: "nope" },
        ],
        ["empty body", "", {}],
        [
            "HTML from a gateway becomes a short excerpt",
            "<html>\n  <body>502 Bad Gateway</body>\n</html>",
            { description: "<html> <body>502 Bad Gateway</body> </html>" },
        ],
        ["JSON that is not an object", '"oops"', { description: '"oops"' }],
    ];
    for (const [name, body, expected] of table) {
        it(name, () => assert.deepStrictEqual(parseErrorBody(body), expected));
    }

    it("cuts long text to a short excerpt", () => {
        const parsed = parseErrorBody("x".repeat(5000));
        assert.ok(parsed.description && parsed.description.length <= 201, String(parsed.description?.length));
    });

    it("scrubs secrets echoed in a body", () => {
        const parsed = parseErrorBody(`upstream said: Authorization: Bearer ${TOKEN} refresh_token=${REFRESH}`);
        assert.ok(!parsed.description?.includes(TOKEN));
        assert.ok(!parsed.description?.includes(REFRESH));
    });
});

describe("client: PartnerCenterError", () => {
    const conflict = () =>
        new PartnerCenterError({
            kind: "http",
            status: 409,
            code: "27100",
            description: "Domain not available",
            operation: "createCustomer",
            method: "POST",
            path: "/v1/customers",
            requestId: "11111111-1111-1111-1111-111111111111",
            correlationId: "22222222-2222-2222-2222-222222222222",
            retryable: false,
            ambiguous: false,
        });

    it("formats the message with operation, method, path, status, code, description and ids", () => {
        assert.strictEqual(
            conflict().message,
            "Partner Center createCustomer POST /v1/customers failed: 409 27100 Domain not available " +
                "(MS-RequestId 11111111-1111-1111-1111-111111111111, MS-CorrelationId 22222222-2222-2222-2222-222222222222)",
        );
    });

    it("has name PartnerCenterError and a stack that starts with it", () => {
        const e = conflict();
        assert.strictEqual(e.name, "PartnerCenterError");
        assert.ok(e.stack?.startsWith("PartnerCenterError: Partner Center createCustomer"), e.stack?.slice(0, 60));
        assert.ok(e instanceof Error);
    });

    it("uses the status text when the body had no description", () => {
        const e = new PartnerCenterError({
            ...conflict().init(),
            status: 503,
            code: undefined,
            description: undefined,
        });
        assert.match(e.message, /failed: 503 Service Unavailable/);
    });

    it("network errors have status 0 and say so", () => {
        const e = new PartnerCenterError({
            kind: "network",
            status: 0,
            description: "network error ECONNRESET: socket hang up",
            operation: "getCustomer",
            method: "GET",
            path: "/v1/customers/x",
            retryable: true,
            ambiguous: true,
        });
        assert.match(e.message, /^Partner Center getCustomer GET \/v1\/customers\/x failed: network error ECONNRESET/);
    });

    it("with() records attempts and the give-up reason without losing fields", () => {
        const e = conflict().with({ attempts: 3, note: "gave up: 3 attempts made" });
        assert.match(e.message, / failed after 3 attempts: 409 27100 .*; gave up: 3 attempts made$/);
        assert.strictEqual(e.code, "27100");
        assert.strictEqual(e.attempts, 3);
        assert.ok(isPartnerCenterError(e));
    });

    it("isPartnerCenterError: brand, duck type, and rejects look-alikes", () => {
        assert.ok(PartnerCenterError.isPartnerCenterError(conflict()));
        // Another copy of the module: same Symbol.for brand.
        const branded = Object.assign(new Error("x"), {
            [Symbol.for("pulumi-partnercenter.PartnerCenterError")]: true,
        });
        assert.ok(isPartnerCenterError(branded));
        assert.ok(isPartnerCenterError({ name: "PartnerCenterError", status: 0, kind: "network" }));
        assert.ok(!isPartnerCenterError(new Error("x")));
        assert.ok(!isPartnerCenterError({ name: "PartnerCenterError" }));
        assert.ok(!isPartnerCenterError(null));
        assert.ok(!isPartnerCenterError("PartnerCenterError"));
    });

    it("toJSON is plain data", () => {
        const json = JSON.parse(JSON.stringify(conflict())) as Record<string, unknown>;
        assert.strictEqual(json.name, "PartnerCenterError");
        assert.strictEqual(json.status, 409);
        assert.strictEqual(json.code, "27100");
        assert.strictEqual(json.operation, "createCustomer");
        assert.strictEqual(json.ambiguous, false);
    });
});

describe("client: decode errors", () => {
    it("carries PathReporter-style messages and is a decode error", () => {
        const result = Customer.decode({ companyProfile: { domain: 42 } });
        assert.strictEqual(result._tag, "Left");
        if (result._tag !== "Left") {
            return;
        }
        const messages = decodeMessages(result.left);
        assert.ok(
            messages.some((m) => /^Invalid value undefined supplied to : Customer\/0: .*\/id: string$/.test(m)),
            messages.join("\n"),
        );
        assert.ok(
            messages.some((m) => /^Invalid value 42 supplied to .*\/companyProfile: .*\/domain: /.test(m)),
            messages.join("\n"),
        );
        const e = new PartnerCenterError({
            kind: "decode",
            status: 201,
            decodeErrors: messages,
            operation: "createCustomer",
            method: "POST",
            path: "/v1/customers",
            retryable: false,
            ambiguous: true,
        });
        assert.ok(isDecodeError(e));
        assert.match(e.message, /failed: 201 response body does not match the expected shape: Invalid value/);
    });

    it("never prints the admin password of a create response that fails to decode", () => {
        const result = Customer.decode({
            id: 7,
            userCredentials: { userName: "admin", password: PASSWORD },
            extra: { password: PASSWORD },
        });
        assert.strictEqual(result._tag, "Left");
        if (result._tag !== "Left") {
            return;
        }
        const messages = decodeMessages(result.left);
        const e = new PartnerCenterError({
            kind: "decode",
            status: 201,
            decodeErrors: messages,
            operation: "createCustomer",
            method: "POST",
            path: "/v1/customers",
            retryable: false,
            ambiguous: true,
        });
        for (const text of [messages.join("\n"), e.message, JSON.stringify(e), inspect(e)]) {
            assert.ok(!text.includes(PASSWORD), text);
        }
    });

    it("redacts a whole invalid object that contains a password", () => {
        const result = Customer.decode({ userCredentials: { userName: "admin", password: PASSWORD } });
        assert.strictEqual(result._tag, "Left");
        if (result._tag === "Left") {
            const text = decodeMessages(result.left).join("\n");
            assert.ok(!text.includes(PASSWORD), text);
        }
    });
});

describe("client: redaction", () => {
    const secrets = new SecretSet();
    secrets.add(TOKEN, SECRET, REFRESH, PASSWORD);

    const leaks = (text: string) =>
        [TOKEN, SECRET, REFRESH, PASSWORD, encodeURIComponent(SECRET)].filter((s) => text.includes(s));

    const table: Array<[string, string]> = [
        ["Authorization header", `Authorization: Bearer ${TOKEN}`],
        [
            "form body",
            `grant_type=refresh_token&client_id=abc&client_secret=${encodeURIComponent(SECRET)}&refresh_token=${REFRESH}`,
        ],
        [
            "JSON",
            JSON.stringify({ access_token: TOKEN, refresh_token: REFRESH, password: PASSWORD, client_secret: SECRET }),
        ],
        ["JSON embedded in a JSON string", JSON.stringify({ description: JSON.stringify({ password: PASSWORD }) })],
        ["bare values in prose", `token ${TOKEN} secret ${SECRET} password ${PASSWORD}`],
    ];
    for (const [name, text] of table) {
        it(`known secrets: ${name}`, () => {
            const out = secrets.redact(text);
            assert.deepStrictEqual(leaks(out), [], out);
            assert.ok(out.includes(REDACTED));
        });
    }

    it("patterns work without knowing the values", () => {
        const out = redact(
            `Bearer abc.def.ghi refresh_token=r1r1r1r1 {"password":"p@ss\\"word","clientSecret":"cs"} access_token=tt`,
        );
        for (const s of ["abc.def.ghi", "r1r1r1r1", 'p@ss\\"word', '"cs"', "access_token=tt"]) {
            assert.ok(!out.includes(s), `${s} in ${out}`);
        }
    });

    it("leaves ordinary text alone", () => {
        const text = "Partner Center createCustomer POST /v1/customers failed: 409 27100 Domain not available";
        assert.strictEqual(redact(text), text);
    });

    it("redactValue replaces secret-named members deeply", () => {
        const out = redactValue({ a: { password: "x", list: [{ refresh_token: "y" }] }, code: 27100 }) as Record<
            string,
            unknown
        >;
        assert.deepStrictEqual(out, { a: { password: REDACTED, list: [{ refresh_token: REDACTED }] }, code: 27100 });
    });

    it("an error built from secret-bearing text and cause never shows the secrets", () => {
        const cause = new Error(`request failed: Authorization: Bearer ${TOKEN}; body client_secret=${SECRET}`);
        const e = new PartnerCenterError({
            kind: "http",
            status: 400,
            code: "invalid_grant",
            description: `refresh token ${REFRESH} is invalid; password ${PASSWORD}`,
            operation: "acquireToken",
            method: "POST",
            path: "/tenant/oauth2/token",
            retryable: false,
            ambiguous: false,
            cause,
            secrets,
        });
        const copy = e.with({ attempts: 2 });
        for (const err of [e, copy]) {
            for (const text of [
                err.message,
                JSON.stringify(err),
                inspect(err),
                inspect(err, { showHidden: true, depth: 10 }),
                String(err.stack),
            ]) {
                assert.deepStrictEqual(leaks(text), [], text);
            }
        }
        // The raw cause is still there for debugging in code.
        assert.strictEqual(e.cause, cause);
    });
});
