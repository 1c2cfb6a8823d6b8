/**
 * The flags of a subcommand (`login`, `migrate`): strict parsing, no positionals, `-h`/`--help` built in, and the
 * same answer to a usage error everywhere (the message, the usage, exit code 2).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** The streams a subcommand writes its usage to. */
export interface UsageStreams {
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
}

/** The flags a subcommand declares (`node:util` `parseArgs` options). */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

/** What `parseArgs` makes of a command's flags (with `--help`). */
interface CommandConfig<O extends CommandOptions> {
    args: string[];
    options: O & typeof HELP;
    strict: true;
    allowPositionals: false;
}
/** The parsed flags of a command that declares `O`. */
export type CommandValues<O extends CommandOptions> = ReturnType<typeof parseArgs<CommandConfig<O>>>["values"];

/**
 * The parsed flags, or the exit code when the command is done before it starts: 0 after printing the usage for
 * `--help`, 2 after a usage error (printed with the usage).
 */
export function parseCommandArgs<const O extends CommandOptions>(
    argv: readonly string[],
    options: O,
    usage: string,
    io: UsageStreams,
): CommandValues<O> | number {
    const config: CommandConfig<O> = {
        args: [...argv],
        options: { ...options, ...HELP },
        strict: true,
        allowPositionals: false,
    };
    let values: CommandValues<O>;
    try {
        ({ values } = parseArgs(config));
    } catch (e) {
        io.stderr.write(`${(e as Error).message}\n${usage}\n`);
        return 2;
    }
    if ((values as { help?: boolean }).help) {
        io.stdout.write(`${usage}\n`);
        return 0;
    }
    return values;
}
