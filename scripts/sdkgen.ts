/**
 * The SDK generator (tools/pulumi/sdkgen, built and cached by `scripts/generate-sdks.sh`): shared by `npm test`,
 * which builds it up front like the Pulumi CLI, and the drift test, which runs it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO_ROOT, "scripts", "generate-sdks.sh");

/**
 * Build the generator unless the cache holds one built from the current sources, and return its path. With
 * `offline`, a build uses only the Go module cache (`GOPROXY=off`): tests never reach the network, and `npm test`
 * calls this without `offline` first, as it runs `scripts/setup-pulumi.sh`, so a fresh machine fetches the modules
 * at setup.
 */
export function ensureSdkGenerator(options: { offline: boolean }): string {
    const env = options.offline ? { ...process.env, GOPROXY: "off" } : process.env;
    const out = execFileSync("bash", [SCRIPT, "--build"], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
    });
    const bin = out.trim().split("\n").pop()?.trim() ?? "";
    if (!bin || !fs.existsSync(bin)) {
        throw new Error(`scripts/generate-sdks.sh --build did not report the generator (got '${bin}')`);
    }
    return bin;
}

/**
 * Generate the SDKs of provider/schema.json into `outDir/{nodejs,go,python}`, as `npm run generate` does (the
 * generator, then the Go SDK's go.mod and go.sum), with the generator `ensureSdkGenerator` built and the Go module
 * cache only (`GOPROXY=off`: no network).
 */
export function generateSdks(outDir: string): void {
    execFileSync("bash", [SCRIPT, outDir], {
        cwd: REPO_ROOT,
        env: { ...process.env, GOPROXY: "off" },
        stdio: ["ignore", "ignore", "pipe"],
    });
}
