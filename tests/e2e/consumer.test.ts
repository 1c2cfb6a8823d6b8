/**
 * The package as a user consumes it (issue "The real Pulumi engine", test 9): `npm pack` the provider, install the
 * tarball into another directory's node_modules, and run up and destroy of a program there. The provider host then
 * loads the implementation from that node_modules copy, by package name.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

import { startEmulator, type Emulator } from "../../emulator";
import { ensurePulumiCli, REPO_ROOT } from "../../scripts/pulumi-env";
import { emulatorStackConfig } from "../fixtures/emulator-config";
import { count, RESELLER } from "./harness";

const execFileAsync = promisify(execFile);

/** Install the packed package into `<dir>/node_modules`; its dependencies are linked from this repository's. */
function installPackedPackage(dir: string): void {
    const modules = path.join(dir, "node_modules");
    fs.mkdirSync(modules, { recursive: true });
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
        cwd: path.join(REPO_ROOT, "provider"),
        encoding: "utf8",
    })
        .trim()
        .split("\n")
        .pop()!;
    execFileSync("tar", ["xzf", path.join(dir, tarball), "-C", dir]);
    fs.renameSync(path.join(dir, "package"), path.join(modules, "pulumi-partnercenter"));
    // Offline: the package's dependencies (and @pulumi/pulumi) come from this repository's node_modules.
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
        if (entry !== "pulumi-partnercenter" && !entry.startsWith(".")) {
            fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
        }
    }
}

const PROGRAM = `// A user's plain-JavaScript program using the installed package.
const { IndirectResellerCustomer } = require("pulumi-partnercenter");
const customer = new IndirectResellerCustomer("consumer", {
    associatedPartnerId: "${RESELLER}",
    companyProfile: { domain: "consumercontoso.onmicrosoft.com" },
    billingProfile: {
        email: "it@consumercontoso.example", culture: "en-US", language: "en", companyName: "Consumer Contoso",
        defaultAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Main St", city: "Redmond",
            state: "WA", postalCode: "98052", country: "US" },
    },
    onDelete: "delete",
});
exports.tenantId = customer.tenantId;
`;

describe("e2e: the packed package installed in another project's node_modules", function () {
    let emulator: Emulator;
    let dir: string;
    let binDir: string;

    before(async () => {
        binDir = ensurePulumiCli();
        emulator = await startEmulator({ quiet: true });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-consumer-"));
        installPackedPackage(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: partnercenter-consumer\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
    });
    after(async () => {
        await emulator?.close();
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("runs up and destroy with the installed copy, and state holds only a stub reference", async () => {
        assert.ok(!fs.lstatSync(path.join(dir, "node_modules", "pulumi-partnercenter")).isSymbolicLink());
        const config = emulatorStackConfig(emulator);
        // Asynchronously: the emulator answering the child lives in this process's event loop.
        const { stdout: out } = await execFileAsync(
            process.execPath,
            [path.join(__dirname, "consumer", "run.js"), dir, binDir],
            {
                cwd: dir,
                env: { ...process.env, NODE_OPTIONS: "", E2E_CONFIG: JSON.stringify(config) },
                encoding: "utf8",
            },
        );
        const result = JSON.parse(out.trim().split("\n").pop()!) as {
            upResult: string;
            tenantId: string;
            providerTexts: string[];
            destroyResult: string;
        };
        assert.strictEqual(result.upResult, "succeeded");
        assert.strictEqual(result.destroyResult, "succeeded");
        assert.match(result.tenantId, /^[0-9a-f-]{36}$/);
        assert.strictEqual(count(emulator.requestLog, "createCustomer"), 1);
        assert.strictEqual(count(emulator.requestLog, "deleteCustomer"), 1);
        assert.strictEqual(emulator.store.count(), 0);
        assert.ok(result.providerTexts.length > 0);
        for (const text of result.providerTexts) {
            assert.match(text, /require\("pulumi-partnercenter\/(stub|dist\/resources\/customer\/stub\.js)"\)/);
            assert.ok(Buffer.byteLength(text) < 1024);
        }
    });
});
