/** Operator commands of the `pyro` CLI (filled in by the standalone/CLI work). */
export async function runOperatorCommand(command: string, _argv: string[]): Promise<number> {
  process.stderr.write(`pyro: unknown command "${command}"; run \`pyro --help\`\n`);
  return 2;
}
