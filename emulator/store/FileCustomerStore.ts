/**
 * A `MemoryCustomerStore` that persists every mutation to one JSON file (the CLI's `--data FILE`).
 *
 * Writes are atomic: the snapshot goes to a temporary file in the same directory (same filesystem, so `rename`
 * is atomic), is fsynced, then renamed over the data file, and the directory is fsynced so the rename itself is
 * durable. A reader therefore always sees either the previous or the new complete file, never a torn one, and a
 * crash at any point loses at most the request that had not been answered yet. Writing synchronously inside the
 * mutation keeps "answered" and "durable" the same thing; the emulator's volumes make the cost irrelevant.
 */
import * as fs from "fs";
import * as path from "path";

import MemoryCustomerStore, { StoreSnapshot } from "./MemoryCustomerStore";

/** Read a data file; a missing file is an empty store, an unreadable one an error (never silently discard data). */
export function readSnapshot(file: string): StoreSnapshot | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return undefined;
        }
        throw err;
    }
    const parsed = JSON.parse(text) as Partial<StoreSnapshot>;
    if (parsed.version !== 1 || !Array.isArray(parsed.customers)) {
        throw new Error(`${file} is not an emulator data file (expected version 1 with a customers array)`);
    }
    return {
        version: 1,
        nextSeq: typeof parsed.nextSeq === "number" ? parsed.nextSeq : 1,
        customers: parsed.customers,
        replays: Array.isArray(parsed.replays) ? parsed.replays : [],
    };
}

/** Write `content` to `file` atomically (temp file in the same directory + fsync + rename + directory fsync). */
export function writeFileAtomic(file: string, content: string): void {
    const dir = path.dirname(file);
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    const fd = fs.openSync(temp, "w", 0o600);
    try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    try {
        fs.renameSync(temp, file);
    } catch (err) {
        fs.rmSync(temp, { force: true });
        throw err;
    }
    try {
        const dirFd = fs.openSync(dir, "r");
        try {
            fs.fsyncSync(dirFd);
        } finally {
            fs.closeSync(dirFd);
        }
    } catch {
        // Directory fsync is not supported everywhere (e.g. Windows); the rename is still atomic.
    }
}

export default class FileCustomerStore extends MemoryCustomerStore {
    public readonly file: string;

    constructor(file: string) {
        const resolved = path.resolve(file);
        fs.mkdirSync(path.dirname(resolved), { recursive: true });
        FileCustomerStore.removeStaleTempFiles(resolved);
        super(readSnapshot(resolved));
        this.file = resolved;
    }

    public override async flush(): Promise<void> {
        this.persist();
    }

    protected override changed(): void {
        this.persist();
    }

    private persist(): void {
        writeFileAtomic(this.file, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
    }

    /** Temp files left by a crash between write and rename are incomplete by definition: remove them. */
    private static removeStaleTempFiles(file: string): void {
        const dir = path.dirname(file);
        const prefix = `.${path.basename(file)}.`;
        for (const name of fs.readdirSync(dir)) {
            if (name.startsWith(prefix) && name.endsWith(".tmp")) {
                fs.rmSync(path.join(dir, name), { force: true });
            }
        }
    }
}
