// `dfw`: the Dataflow Workbench CLI. Same core as the extension.
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.length === 0) {
    process.stdout.write('dfw: Dataflow Workbench CLI\n');
    return 0;
  }
  process.stderr.write(`dfw: unknown command ${argv[0]}\n`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`dfw: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
