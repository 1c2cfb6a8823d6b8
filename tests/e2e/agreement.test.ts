/**
 * CustomerAgreement through the real Pulumi CLI (Automation API) against the emulator: the human step is shown in
 * preview and outputs and never waited on; after the emulator's accept endpoint, `up` (or `refresh` then `up`)
 * completes the agreement exactly once; a second stack for the same contact adopts the listed agreement; destroy keeps the
 * agreement and says so; App-only tokens for attestation calls, App+User for customer calls; no secret in state.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import fetch from "node-fetch";

import { offlinePulumiEnv, openInlineStack, REPO_ROOT } from "../../scripts/pulumi-env";
import { emulatorStackConfig } from "../fixtures/emulator-config";
import { count, customerArgs, secretsOf, setUpE2E, type E2EEnvironment } from "./harness";

const AGREEMENT_TYPE = "pulumi-nodejs:dynamic/partnercenter:CustomerAgreement";
const CUSTOMER_TYPE = "pulumi-nodejs:dynamic/partnercenter:IndirectResellerCustomer";
const PROGRAM = path.join(REPO_ROOT, "dist", "tests", "e2e", "agreement-program", "index.js");

const signatory = { firstName: "Gena", lastName: "Soto", email: "gena@e2emca.example", phoneNumber: "4255550101" };

type Ops = Record<string, number>;

/** Run a stack operation; count engine steps per resource type (`customer:create`, `agreement:update`...). */
async function run<T extends { stdout: string }>(
    op: (opts: { onEvent: (event: EngineEvent) => void }) => Promise<T>,
): Promise<{ result: T; ops: Ops; text: string }> {
    const ops: Ops = {};
    const diagnostics: string[] = [];
    const result = await op({
        onEvent: (event) => {
            const metadata = event.resourcePreEvent?.metadata;
            const kind =
                metadata?.type === AGREEMENT_TYPE ? "agreement" : metadata?.type === CUSTOMER_TYPE ? "customer" : "";
            if (metadata && kind) {
                const key = `${kind}:${metadata.op}`;
                ops[key] = (ops[key] ?? 0) + 1;
            }
            if (event.diagnosticEvent) {
                diagnostics.push(event.diagnosticEvent.message);
            }
        },
    });
    return { result, ops, text: `${result.stdout}\n${diagnostics.join("\n")}` };
}

interface MCAOutput {
    status: string;
    pendingAction: string;
    acceptanceUrl: string;
    attestationId: string;
    adopted: boolean;
    dateAgreed: string;
}

describe("e2e: CustomerAgreement through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    const contoso = { ...customerArgs("e2emcacontoso"), signatory };
    const fabrikam = {
        ...customerArgs("e2emcafabrikam"),
        signatory: { ...signatory, email: "gena@e2emcafabrikam.example" },
    };
    let mca: () => Promise<Record<string, MCAOutput>>;

    before(async () => {
        e2e = await setUpE2E({ programModule: PROGRAM });
        await e2e.setCustomers({ contoso });
        mca = async () => (await e2e.stack.outputs())["mca"]?.value as Record<string, MCAOutput>;
    });
    after(async () => {
        await e2e?.dispose();
    });

    const accept = async (attestationId: string) =>
        (await fetch(`${e2e.emulator.url}/_emulator/attestations/${attestationId}/accept`, { method: "POST" })).status;

    it("1. preview of a new stack: customer and agreement creates, the pending human step shown, nothing sent", async () => {
        const since = e2e.mark();
        const { ops, text } = await run((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(ops, { "customer:create": 1, "agreement:create": 1 });
        assert.match(text, /must then accept the Microsoft Customer Agreement/);
        assert.strictEqual(count(since(), "createEnhancedAttestation"), 0);
    });

    it("2. up creates the customer and the attestation, does not wait, and outputs what to send to whom", async () => {
        const since = e2e.mark();
        const { ops, text } = await run((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops, { "customer:create": 1, "agreement:create": 1 });
        const out = (await mca())["contoso"]!;
        assert.strictEqual(out.status, "PendingAcceptance");
        assert.match(out.acceptanceUrl, /\/_emulator\/attestations\/[0-9a-f-]{36}$/);
        assert.ok(out.pendingAction.startsWith(`Send ${out.acceptanceUrl} to Gena Soto <gena@e2emca.example>`));
        assert.match(text, /MCA pending for customer/);
        const calls = since();
        assert.strictEqual(count(calls, "createEnhancedAttestation"), 1);
        assert.strictEqual(count(calls, "createCustomerAgreement"), 0);
        assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 0);
    });

    it("3. preview while the customer has not accepted: no change, the pending action repeated", async () => {
        const { ops, text } = await run((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(ops, { "customer:same": 1, "agreement:same": 1 });
        assert.match(text, /MCA still pending: Send http/);
    });

    it("4. after the customer accepts, preview shows an update and up creates the agreement exactly once", async () => {
        assert.strictEqual(await accept((await mca())["contoso"]!.attestationId), 200);
        const preview = await run((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(preview.ops, { "customer:same": 1, "agreement:update": 1 });

        const since = e2e.mark();
        const { ops } = await run((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops, { "customer:same": 1, "agreement:update": 1 });
        assert.strictEqual(count(since(), "createCustomerAgreement"), 1);
        const out = (await mca())["contoso"]!;
        assert.strictEqual(out.status, "Agreed");
        assert.strictEqual(out.pendingAction, "");
        assert.ok(out.dateAgreed);
        assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 1);

        const again = e2e.mark();
        const second = await run((o) => e2e.stack.up(o));
        assert.deepStrictEqual(second.ops, { "customer:same": 1, "agreement:same": 1 });
        assert.strictEqual(count(again(), "createCustomerAgreement"), 0);
        assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 1);
    });

    it("5. refresh reflects an acceptance (Accepted, nothing created); the next up completes it exactly once", async () => {
        await e2e.setCustomers({ contoso, fabrikam });
        await e2e.stack.up();
        assert.strictEqual((await mca())["fabrikam"]!.status, "PendingAcceptance");
        await accept((await mca())["fabrikam"]!.attestationId);

        const since = e2e.mark();
        const refresh = await e2e.stack.refresh();
        assert.strictEqual(refresh.summary.resourceChanges?.["update"], 1);
        assert.strictEqual(count(since(), "createCustomerAgreement"), 0);
        const state = JSON.parse(await e2e.exportState()) as {
            deployment: { resources: { urn: string; outputs: Record<string, unknown> }[] };
        };
        const refreshed = state.deployment.resources.find((r) => r.urn.endsWith("::fabrikam-mca"));
        assert.strictEqual(refreshed?.outputs["status"], "Accepted");
        assert.match(String(refreshed?.outputs["pendingAction"]), /Run `pulumi up` to create the agreement/);

        const up = await run((o) => e2e.stack.up(o));
        assert.strictEqual(up.ops["agreement:update"], 1);
        assert.strictEqual(count(since(), "createCustomerAgreement"), 1);
        assert.strictEqual((await mca())["fabrikam"]!.status, "Agreed");
        assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 2);
    });

    it("6. App-only tokens for the attestation calls, App+User for the customer and agreement-list calls", () => {
        const byOperation = new Map<string, Set<string>>();
        for (const entry of e2e.emulator.requestLog) {
            if (entry.operation !== "token") {
                const flows = byOperation.get(entry.operation) ?? new Set<string>();
                flows.add(String(entry.authFlow));
                byOperation.set(entry.operation, flows);
            }
        }
        const flows = Object.fromEntries([...byOperation].map(([op, set]) => [op, [...set].sort().join(",")]));
        for (const op of ["createEnhancedAttestation", "getEnhancedAttestation", "createCustomerAgreement"]) {
            assert.strictEqual(flows[op], "appOnly", op);
        }
        for (const op of ["createCustomer", "listCustomerAgreements"]) {
            assert.strictEqual(flows[op], "appUser", op);
        }
        for (const [op, flow] of Object.entries(flows)) {
            if (!/Attestation|createCustomerAgreement/.test(op)) {
                assert.strictEqual(flow, "appUser", `${op} must use App+User`);
            }
        }
    });

    it("7. a second stack for the same contact data adopts the listed agreement, creating nothing", async () => {
        const paths = e2e.paths;
        const stackName = `${paths.stackName}b`;
        let second: Stack | undefined;
        try {
            second = await openInlineStack({
                binDir: paths.binDir,
                env: offlinePulumiEnv(paths),
                workDir: paths.workDir,
                stackName,
                programModule: paths.programModule,
            });
            await second.setAllConfig({
                ...emulatorStackConfig(e2e.emulator),
                customers: { value: JSON.stringify({ contoso: { ...contoso, adoptExisting: true } }) },
            });
            const since = e2e.mark();
            const { ops } = await run((o) => second!.up(o));
            assert.deepStrictEqual(ops, { "customer:create": 1, "agreement:create": 1 });
            const calls = since();
            // Adopted from the customer's agreements list before any attestation: the documented attestation body
            // names no customer, so no 600061 can come from it.
            assert.ok(count(calls, "listCustomerAgreements") >= 1);
            assert.strictEqual(count(calls, "createEnhancedAttestation"), 0);
            assert.strictEqual(count(calls, "createCustomerAgreement"), 0);
            const out = ((await second.outputs())["mca"]?.value as Record<string, MCAOutput>)["contoso"]!;
            assert.strictEqual(out.status, "Agreed");
            assert.strictEqual(out.adopted, true);
            assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 2, "no duplicate agreement");
            await second.destroy();
        } finally {
            fs.rmSync(path.join(paths.workDir, `Pulumi.${stackName}.yaml`), { force: true });
        }
    });

    it("8. no secret in `pulumi stack export`", async () => {
        const state = await e2e.exportState();
        for (const secret of secretsOf(e2e.emulator)) {
            assert.ok(!state.includes(secret), "a credential appears in plaintext in state");
        }
        assert.ok(state.includes(AGREEMENT_TYPE));
    });

    it("9. destroy keeps the agreements in Partner Center and says so", async () => {
        const since = e2e.mark();
        const { ops, text } = await run((o) => e2e.stack.destroy(o));
        assert.deepStrictEqual(ops, { "customer:delete": 2, "agreement:delete": 2 });
        assert.match(text, /cannot be revoked: it stays in Partner Center/);
        assert.deepStrictEqual(
            since().filter((c) => /Agreement|Attestation/.test(c.operation)),
            [],
            "no agreement call on delete",
        );
        assert.strictEqual(e2e.emulator.agreements.listAgreements().length, 2);
    });
});
