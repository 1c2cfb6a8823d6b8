/**
 * Contract fixtures: the published samples, one JSON file per operation, read from the source tree (tests run from
 * dist/, the fixtures stay beside their sources).
 */
import * as fs from "fs";
import * as path from "path";

/** Every `*.json` fixture of `tests/contract/fixtures/<subdir>`, in file-name order. */
export function loadFixtures<T>(subdir = ""): T[] {
    const dir = [
        path.resolve(__dirname, "fixtures", subdir),
        path.resolve(__dirname, "..", "..", "..", "tests", "contract", "fixtures", subdir),
    ].find((d) => fs.existsSync(d));
    if (!dir) {
        throw new Error(`contract fixtures not found: fixtures/${subdir}`);
    }
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as T);
}
