/**
 * The MCA contract over real HTTP: the client (App-only and App+User) against the emulator's agreement handlers.
 * Enhanced attestation create/get, the accept control endpoint, agreement create/list, templates, 600061 in the
 * newer error shape, the per-operation auth flow on both sides, and the public-cloud rule.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fetch from "node-fetch";

import { createPartnerCenterClient, isPartnerCenterError } from "pulumi-partnercenter/client";
import type { PartnerCenterClient } from "pulumi-partnercenter/client";
import { MICROSOFT_CUSTOMER_AGREEMENT } from "pulumi-partnercenter/api";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { appOnlyToken, createBody } from "./emulator-helpers";

const contact = { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example", phoneNumber: "1234567890" };

describe("integration: MCA attestation and agreements (client vs emulator)", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let appUser: PartnerCenterClient;
    let appOnly: PartnerCenterClient;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        const { partner } = emulator.seed;
        const app = { tenantId: partner.tenantId, clientId: partner.clientId, clientSecret: partner.clientSecret };
        appUser = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "refreshToken", ...app, refreshToken: partner.refreshToken },
        });
        appOnly = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "clientCredentials", ...app },
        });
    });
    after(async () => {
        await emulator?.close();
    });

    async function newCustomer(): Promise<string> {
        const customer = await appUser.createCustomer(createBody());
        return customer.id ?? "";
    }

    /** The documented request-body table's fields, flat (no customer id, no nested contact). */
    const attestationBody = (signatory: { firstName: string; lastName: string } = contact) => ({
        country: "US",
        language: "en-US",
        companyName: "Contoso",
        signatoryFirstName: signatory.firstName,
        signatoryLastName: signatory.lastName,
    });

    async function accept(attestationId: string): Promise<number> {
        const res = await fetch(`${emulator.url}/_emulator/attestations/${attestationId}/accept`, { method: "POST" });
        return res.status;
    }

    it("attestation -> accept -> agreement -> list, with App-only and App+User tokens where each is required", async () => {
        const customerId = await newCustomer();
        emulator.clearRequestLog();
        const attestation = await appOnly.createEnhancedAttestation(attestationBody());
        assert.strictEqual(attestation.status, "Pending");
        assert.match(attestation.acceptanceUrl ?? "", /\/_emulator\/attestations\//);
        assert.strictEqual((await appOnly.getEnhancedAttestation(attestation.attestationId)).status, "Pending");

        // Before acceptance the agreement is refused (400), and nothing is created.
        await assert.rejects(
            appOnly.createCustomerAgreement(customerId, {
                primaryContact: contact,
                type: MICROSOFT_CUSTOMER_AGREEMENT,
                attestationId: attestation.attestationId,
            }),
            (e: unknown) => isPartnerCenterError(e) && e.status === 400,
        );

        assert.strictEqual(await accept(attestation.attestationId), 200);
        const accepted = await appOnly.getEnhancedAttestation(attestation.attestationId);
        assert.strictEqual(accepted.status, "Accepted");
        assert.ok(accepted.acceptedDateTime);

        const agreement = await appOnly.createCustomerAgreement(customerId, {
            primaryContact: contact,
            type: MICROSOFT_CUSTOMER_AGREEMENT,
            attestationId: attestation.attestationId,
        });
        assert.strictEqual(agreement.attestationId, attestation.attestationId);
        assert.strictEqual(agreement.dateAgreed, accepted.acceptedDateTime);

        const listed = await appUser.listCustomerAgreements(customerId);
        assert.strictEqual(listed.length, 1);
        assert.strictEqual(listed[0]?.primaryContact.email, contact.email);

        const flows = emulator.requestLog
            .filter((e) => e.operation !== "token")
            .map((e) => `${e.operation}:${e.authFlow}`);
        assert.deepStrictEqual(flows, [
            "createEnhancedAttestation:appOnly",
            "getEnhancedAttestation:appOnly",
            "createCustomerAgreement:appOnly",
            "getEnhancedAttestation:appOnly",
            "createCustomerAgreement:appOnly",
            "listCustomerAgreements:appUser",
        ]);
    });

    it("the same contact data again: 600061 PartnerConfirmedAgreementAlreadyExists in the newer error shape", async () => {
        const customerId = await newCustomer();
        const first = await appOnly.createEnhancedAttestation(attestationBody());
        await accept(first.attestationId);
        const body = {
            primaryContact: contact,
            type: MICROSOFT_CUSTOMER_AGREEMENT,
            attestationId: first.attestationId,
        };
        await appOnly.createCustomerAgreement(customerId, body);

        const duplicate = (e: unknown) =>
            isPartnerCenterError(e) &&
            e.status === 409 &&
            e.code === "600061" &&
            e.errorName === "PartnerConfirmedAgreementAlreadyExists" &&
            e.serviceRetryable === false;
        await assert.rejects(appOnly.createCustomerAgreement(customerId, body), duplicate);
        // The attestation names no customer, so it is accepted; the agreement is what meets 600061.
        // Case and phone formatting do not make a different person.
        const same = { ...contact, email: contact.email.toUpperCase(), phoneNumber: "123-456-7890" };
        const again = await appOnly.createEnhancedAttestation(attestationBody(same));
        assert.strictEqual(again.status, "Pending");
        await accept(again.attestationId);
        const sameBody = { ...body, primaryContact: same, attestationId: again.attestationId };
        await assert.rejects(appOnly.createCustomerAgreement(customerId, sameBody), duplicate);
        // Another signatory (another email) may attest again.
        const other = { ...contact, email: "someone.else@contoso.example" };
        const third = await appOnly.createEnhancedAttestation(attestationBody(other));
        await accept(third.attestationId);
        const otherBody = { ...body, primaryContact: other, attestationId: third.attestationId };
        assert.strictEqual(
            (await appOnly.createCustomerAgreement(customerId, otherBody)).attestationId,
            third.attestationId,
        );

        // The raw body is the documented one, field for field.
        const access_token = await appOnlyToken(emulator);
        const raw = await fetch(`${emulator.url}/v1/customers/${customerId}/agreements`, {
            method: "POST",
            headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        assert.strictEqual(raw.status, 409);
        assert.deepStrictEqual(await raw.json(), {
            code: 600061,
            message: "A partner confirmed agreement already exists for the customer.",
            description: "A partner confirmed agreement already exists for the customer.",
            errorName: "PartnerConfirmedAgreementAlreadyExists",
            isRetryable: false,
            parameters: {},
            errorMessageExtended: "InternalErrorCode=600061",
        });
    });

    it("the emulator refuses the wrong flow with 403; the client refuses to send it at all", async () => {
        const customerId = await newCustomer();
        // Client side: spec.auth is data; no request leaves the client.
        const before = emulator.requestLog.length;
        await assert.rejects(
            appUser.createEnhancedAttestation(attestationBody()),
            (e: unknown) => isPartnerCenterError(e) && e.kind === "protocol" && /App-only/.test(e.message),
        );
        await assert.rejects(
            appOnly.listCustomerAgreements(customerId),
            (e: unknown) => isPartnerCenterError(e) && e.kind === "protocol" && /App\+User/.test(e.message),
        );
        assert.strictEqual(emulator.requestLog.length, before);

        // Service side: an App+User token on an App-only route, and the reverse.
        const appUserToken = emulator.issueAccessToken();
        const res = await fetch(`${emulator.url}/v1/attestations/enhanced`, {
            method: "POST",
            headers: { Authorization: `Bearer ${appUserToken}`, "Content-Type": "application/json" },
            body: JSON.stringify(attestationBody()),
        });
        assert.strictEqual(res.status, 403);
        assert.match(JSON.stringify(await res.json()), /only supports App-only/);
    });

    it("the attestation body is the documented table's: each field required, the old nested guess refused", async () => {
        const access_token = await appOnlyToken(emulator);
        const post = (body: unknown) =>
            fetch(`${emulator.url}/v1/attestations/enhanced`, {
                method: "POST",
                headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
                body: JSON.stringify(body),
            });
        const created = await post(attestationBody());
        assert.strictEqual(created.status, 201);
        const view = (await created.json()) as Record<string, unknown>;
        assert.strictEqual(view["signatoryFirstName"], contact.firstName);
        assert.strictEqual(view["customerId"], undefined, "not bound to a customer before an agreement");
        for (const key of Object.keys(attestationBody())) {
            const body: Record<string, unknown> = { ...attestationBody() };
            delete body[key];
            const res = await post(body);
            assert.strictEqual(res.status, 400, key);
            assert.match(JSON.stringify(await res.json()), new RegExp(key), key);
            const blank = await post({ ...attestationBody(), [key]: " " });
            assert.strictEqual(blank.status, 400, `${key} blank`);
        }
        const customerId = await newCustomer();
        const oldGuess = {
            customerId,
            companyName: "Contoso",
            country: "US",
            language: "en-US",
            primaryContact: contact,
        };
        assert.strictEqual((await post(oldGuess)).status, 400);
    });

    it("an attestation is bound to the customer of its first agreement and cannot serve another", async () => {
        const first = await newCustomer();
        const second = await newCustomer();
        const attestation = await appOnly.createEnhancedAttestation(attestationBody());
        await accept(attestation.attestationId);
        const body = {
            primaryContact: contact,
            type: MICROSOFT_CUSTOMER_AGREEMENT,
            attestationId: attestation.attestationId,
        };
        await appOnly.createCustomerAgreement(first, body);
        assert.strictEqual((await appOnly.getEnhancedAttestation(attestation.attestationId)).customerId, first);
        await assert.rejects(
            appOnly.createCustomerAgreement(second, body),
            (e: unknown) => isPartnerCenterError(e) && e.status === 400 && /another customer/.test(e.message),
        );
        // The agreement's contact must be the signatory the customer accepted.
        const other = await appOnly.createEnhancedAttestation(attestationBody({ firstName: "Ann", lastName: "Lee" }));
        await accept(other.attestationId);
        await assert.rejects(
            appOnly.createCustomerAgreement(second, { ...body, attestationId: other.attestationId }),
            (e: unknown) => isPartnerCenterError(e) && e.status === 400 && /signatory/.test(e.message),
        );
    });

    it("legacy agreement: templateId from GET /v1/agreements, App+User; dateAgreed required", async () => {
        const customerId = await newCustomer();
        const templates = await appUser.listAgreementTemplates();
        assert.strictEqual(templates.length, 1);
        assert.strictEqual(templates[0]?.agreementType, MICROSOFT_CUSTOMER_AGREEMENT);
        const templateId = templates[0]?.templateId ?? "";
        // The client sends the legacy POST only with App+User credentials (the spec says App-only: enhanced).
        const token = emulator.issueAccessToken();
        const post = (body: unknown) =>
            fetch(`${emulator.url}/v1/customers/${customerId}/agreements`, {
                method: "POST",
                headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                body: JSON.stringify(body),
            });
        const legacy = { primaryContact: contact, templateId, type: MICROSOFT_CUSTOMER_AGREEMENT };
        assert.strictEqual((await post(legacy)).status, 400);
        assert.strictEqual((await post({ ...legacy, dateAgreed: "2018-06-14T00:00:00.000Z" })).status, 201);
        assert.strictEqual((await post({ ...legacy, dateAgreed: "2018-06-14T00:00:00.000Z" })).status, 409);
    });

    it("templates: without agreementType the Microsoft Cloud Agreement's with links.self (its sample), * both", async () => {
        const get = async (query: string) => {
            const res = await fetch(`${emulator.url}/v1/agreements${query}`, {
                headers: { Authorization: `Bearer ${emulator.issueAccessToken()}` },
            });
            assert.strictEqual(res.status, 200);
            return (await res.json()) as { items: { agreementType: string; templateId: string }[]; links?: unknown };
        };
        const none = await get("");
        assert.deepStrictEqual(
            none.items.map((t) => [t.agreementType, t.templateId]),
            [["MicrosoftCloudAgreement", "998b88de-aa99-4388-a42c-1b3517d49490"]],
        );
        assert.deepStrictEqual(none.links, { self: { uri: "/agreements", method: "GET", headers: [] } });
        const mca = await get("?agreementType=MicrosoftCustomerAgreement");
        assert.deepStrictEqual(
            mca.items.map((t) => t.agreementType),
            [MICROSOFT_CUSTOMER_AGREEMENT],
        );
        assert.strictEqual(mca.links, undefined, "the MCA sample has no links");
        assert.strictEqual((await get("?agreementType=*")).items.length, 2);
    });

    it("direct signing status: false until the customer accepts the MCA directly; 404 for an unknown customer", async () => {
        const customerId = await newCustomer();
        assert.deepStrictEqual(await appUser.getDirectSignedCustomerAgreementStatus(customerId), { isSigned: false });
        const signed = await fetch(`${emulator.url}/_emulator/customers/${customerId}/mca-direct-signed`, {
            method: "POST",
        });
        assert.strictEqual(signed.status, 200);
        assert.deepStrictEqual(await appUser.getDirectSignedCustomerAgreementStatus(customerId), { isSigned: true });
        await assert.rejects(
            appUser.getDirectSignedCustomerAgreementStatus("00000000-0000-4000-8000-000000000000"),
            (e: unknown) => isPartnerCenterError(e) && e.status === 404,
        );
        await assert.rejects(
            appOnly.getDirectSignedCustomerAgreementStatus(customerId),
            /App\+User/,
            "App+User only, as documented",
        );
    });

    it("template document: US/en-US by default, the country's language when it has it, else en-US; new links each time", async () => {
        const template = "117a77b0-9360-443b-8795-c6dedc750cf9";
        const first = await appUser.getAgreementDocument(template);
        assert.strictEqual(first.country, "US");
        assert.strictEqual(first.language, "en-US");
        assert.match(first.downloadUri, /^http:\/\//);
        const again = await appUser.getAgreementDocument(template);
        assert.notStrictEqual(again.downloadUri, first.downloadUri, "a different link on every call");
        const german = await appUser.getAgreementDocument(template, { country: "DE", language: "de-DE" });
        assert.deepStrictEqual([german.country, german.language], ["DE", "de-DE"]);
        const unsupported = await appUser.getAgreementDocument(template, { country: "US", language: "fr-FR" });
        assert.strictEqual(unsupported.language, "en-US", "a language the country has not falls back to en-US");
        await assert.rejects(
            appUser.getAgreementDocument(template, { country: "de" }),
            (e: unknown) => isPartnerCenterError(e) && e.status === 400 && /country/.test(e.message),
            "country codes are case-sensitive",
        );
        await assert.rejects(
            appUser.getAgreementDocument(template.toUpperCase()),
            (e: unknown) => isPartnerCenterError(e) && e.status === 404,
            "template ids are case-sensitive",
        );
    });

    it("public cloud only: in the usgov and china emulated clouds every MCA operation answers 403", async () => {
        try {
            for (const cloud of ["usgov", "china"] as const) {
                emulator.options.cloud = cloud;
                await assert.rejects(
                    appOnly.createEnhancedAttestation(attestationBody()),
                    (e: unknown) => isPartnerCenterError(e) && e.status === 403 && /public cloud/.test(e.message),
                );
                await assert.rejects(
                    appUser.listAgreementTemplates(),
                    (e: unknown) => isPartnerCenterError(e) && e.status === 403,
                );
            }
        } finally {
            emulator.options.cloud = "global";
        }
    });

    it("unknown attestation ids: 404 from the API and from the accept endpoint", async () => {
        await assert.rejects(
            appOnly.getEnhancedAttestation("00000000-0000-4000-8000-000000000000"),
            (e: unknown) => isPartnerCenterError(e) && e.status === 404,
        );
        assert.strictEqual(await accept("00000000-0000-4000-8000-000000000000"), 404);
    });

    it("with --data, attestations and agreements survive a restart (own file beside the customers' file)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-mca-"));
        const dataFile = path.join(dir, "emulator.json");
        try {
            let persisted = await startEmulator({ port: 0, dataFile });
            const { partner } = persisted.seed;
            const app = { tenantId: partner.tenantId, clientId: partner.clientId, clientSecret: partner.clientSecret };
            const userClient = () =>
                createPartnerCenterClient({
                    apiBase: persisted.url,
                    credentials: { kind: "refreshToken", ...app, refreshToken: partner.refreshToken },
                });
            const onlyClient = () =>
                createPartnerCenterClient({
                    apiBase: persisted.url,
                    credentials: { kind: "clientCredentials", ...app },
                });
            assert.ok((await userClient().createCustomer(createBody())).id);
            const attestation = await onlyClient().createEnhancedAttestation(attestationBody());
            await persisted.close();

            persisted = await startEmulator({ port: 0, dataFile });
            try {
                assert.ok(fs.existsSync(`${dataFile}.agreements.json`));
                assert.strictEqual(
                    (await onlyClient().getEnhancedAttestation(attestation.attestationId)).status,
                    "Pending",
                );
            } finally {
                await persisted.close();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
