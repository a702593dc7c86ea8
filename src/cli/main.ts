// `sockscope <command> …`: dispatches to one file per command (design/CLI.md).
import { InputError, UsageError, type CliIo, type Command } from './cliIo';
import { CLI_VERSION } from './captureInput';
import { packetsCommand } from './commands/packets';
import { excerptCommand } from './commands/excerpt';
import { diagnoseCommand } from './commands/diagnose';
import { flowsCommand } from './commands/flows';
import { reportCommand } from './commands/report';
import { localeFromEnv, setLocale } from '../core/i18n/index';

const COMMANDS: Record<string, Command> = {
  packets: packetsCommand,
  excerpt: excerptCommand,
  diagnose: diagnoseCommand,
  flows: flowsCommand,
  report: reportCommand,
};

const USAGE = `usage: sockscope <command> [options]
commands:
  packets FILE [--format tsv|json]           one row per packet, like tshark -T fields
  flows FILE [--format text|json]            TCP and UDP conversations
  diagnose FILE [--format text|json|markdown] stall findings with kernel links
  excerpt STAGE [--kernel PATH] [--version V] [--format text|json] [--allow-network]
  report FILE -o report.html [--kernel PATH] [--version V] [--max-packets N] [--allow-network]
                                             self-contained HTML report
FILE is a pcap, pcapng or tcpdump text capture, gzip-compressed or not; - reads standard input.
Texts follow LC_ALL / LC_MESSAGES / LANG (zh_CN.UTF-8: Simplified Chinese); JSON keys and stage ids stay English.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(`sockscope ${CLI_VERSION}\n`);
    return 0;
  }
  // Summaries and titles render in the user's language; ids and JSON keys never change.
  setLocale(localeFromEnv(io.env));
  const command = COMMANDS[name];
  if (!command) {
    io.err(`sockscope: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sockscope ${name}: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`sockscope: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

