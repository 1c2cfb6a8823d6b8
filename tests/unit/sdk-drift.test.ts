/**
 * The generated SDKs under sdk/ are what the generator makes of provider/schema.json today: regenerated into a
 * temporary directory and compared file by file, so a schema change (or a generator change) without
 * `npm run generate` fails here with the list of files that differ. (plugin-schema.test.ts checks that the schema
 * itself is what the definitions generate.) The Node.js SDK also type-checks against this repository's
 * `@pulumi/pulumi`, the Go SDK (a module of its own, `sdk/go/go.mod`) passes `go vet` on the Pulumi Go SDK the CLI
 * was built from (module cache only), and every Python file of the Python SDK compiles (`python3 -m py_compile`;
 * its `pulumi` dependency is not installed here, so imports are not resolved).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ensureSdkGenerator, generateSdks } from "../../scripts/sdkgen";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const LANGUAGES = ["nodejs", "go", "python"];

/** Relative paths (with `/`) of the files under `dir`, or none when it does not exist. */
function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .sort();
}

/** `added`/`removed`/`changed` lines for each file that differs between the checked-in and the fresh tree. */
function differences(checkedIn: string, fresh: string): string[] {
    const before = new Set(filesUnder(checkedIn));
    const after = new Set(filesUnder(fresh));
    const out: string[] = [];
    for (const file of [...new Set([...before, ...after])].sort()) {
        if (!before.has(file)) {
            out.push(`missing from sdk/ (would be added): ${file}`);
        } else if (!after.has(file)) {
            out.push(`no longer generated (would be removed): ${file}`);
        } else if (!fs.readFileSync(path.join(checkedIn, file)).equals(fs.readFileSync(path.join(fresh, file)))) {
            out.push(`changed: ${file}`);
        }
    }
    return out;
}

describe("generated SDKs (sdk/) match provider/schema.json", function () {
    let tmp = "";

    before(function () {
        // A build from the Go module cache takes seconds to minutes; npm test builds it up front.
        this.timeout(15 * 60_000);
        ensureSdkGenerator({ offline: true });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-sdkgen-"));
        generateSdks(tmp);
    });

    after(() => {
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    for (const lang of LANGUAGES) {
        it(`sdk/${lang} is what the generator writes (run \`npm run generate\` after changing the schema)`, () => {
            assert.ok(filesUnder(path.join(tmp, lang)).length > 0, `the generator wrote no ${lang} files`);
            const diff = differences(path.join(REPO_ROOT, "sdk", lang), path.join(tmp, lang));
            assert.deepStrictEqual(diff, [], `sdk/${lang} differs from a fresh generation:\n  ${diff.join("\n  ")}`);
        });
    }

    it("the generator's output does not depend on the run: a second generation is identical", () => {
        const again = fs.mkdtempSync(path.join(os.tmpdir(), "pc-sdkgen-"));
        try {
            generateSdks(again);
            assert.deepStrictEqual(differences(tmp, again), []);
        } finally {
            fs.rmSync(again, { recursive: true, force: true });
        }
    });

    it("sdk/nodejs type-checks (tsc --noEmit with its own tsconfig, against this repository's @pulumi/pulumi)", function () {
        this.timeout(120_000);
        const tsc = require.resolve("typescript/bin/tsc");
        try {
            execFileSync(process.execPath, [tsc, "--noEmit", "-p", path.join(REPO_ROOT, "sdk", "nodejs")], {
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            });
        } catch (e) {
            assert.fail(`tsc reports errors in sdk/nodejs:\n${(e as { stdout?: string }).stdout ?? String(e)}`);
        }
    });

    it("sdk/go passes go vet (its own module, on the CLI's Pulumi Go SDK; module cache only)", function () {
        this.timeout(300_000);
        try {
            execFileSync("go", ["vet", "./..."], {
                cwd: path.join(REPO_ROOT, "sdk", "go"),
                env: { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=readonly" },
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            });
        } catch (e) {
            const { stdout, stderr } = e as { stdout?: string; stderr?: string };
            assert.fail(`go vet reports problems in sdk/go:\n${stdout ?? ""}${stderr ?? String(e)}`);
        }
    });

    it("sdk/python compiles (python3 -m py_compile on every .py file)", function () {
        this.timeout(120_000);
        const files = filesUnder(path.join(REPO_ROOT, "sdk", "python"))
            .filter((f) => f.endsWith(".py"))
            .map((f) => path.join(REPO_ROOT, "sdk", "python", f));
        assert.ok(files.length > 5, "the Python SDK has its modules");
        // Compiled into a temporary prefix: nothing is written under sdk/.
        const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "pc-pycompile-"));
        try {
            execFileSync("python3", ["-m", "py_compile", ...files], {
                env: { ...process.env, PYTHONPYCACHEPREFIX: prefix },
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            });
        } catch (e) {
            assert.fail(`py_compile fails on sdk/python:\n${(e as { stderr?: string }).stderr ?? String(e)}`);
        } finally {
            fs.rmSync(prefix, { recursive: true, force: true });
        }
    });
});
