// The sandbox used by unit and CLI tests, started in-process on 127.0.0.1 with short timings.
export { startSandbox } from '../../src/sandbox/server';
