import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseSandboxArgs } from '../../../src/sandbox/main';

const ROOT = path.resolve(__dirname, '../../..');

describe('sandbox main (npm run sandbox)', () => {
  it('parses the flags, with spaces or =', () => {
    assert.deepEqual(parseSandboxArgs(['--port', '8123', '--data=/tmp/x', '--latency', '50', '--throttle', '0.25', '--seed', 'demo']),
      { port: 8123, dataDir: '/tmp/x', latencyMs: 50, throttleRate: 0.25, seed: 'demo' });
    assert.deepEqual(parseSandboxArgs([]), {});
  });

  it('rejects bad flags with a usable message', () => {
    assert.throws(() => parseSandboxArgs(['--throttle', '2']), /--throttle must be a number between 0 and 1/);
    assert.throws(() => parseSandboxArgs(['--port', 'abc']), /--port/);
    assert.throws(() => parseSandboxArgs(['--port']), /needs a value/);
    assert.throws(() => parseSandboxArgs(['--bogus', '1']), /Unknown flag --bogus/);
    assert.throws(() => parseSandboxArgs(['stray']), /Unexpected argument/);
  });

  it('prints exactly one JSON line first, serves with that token, and stops on SIGINT', async function () {
    this.timeout(30000);
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src/sandbox/main.ts'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => { out += c; if (out.includes('\n')) resolve(out.split('\n')[0]); });
      child.on('exit', () => reject(new Error(`exited early: ${err}`)));
    });
    const endpoints = JSON.parse(firstLine) as Record<string, string>;
    assert.deepEqual(Object.keys(endpoints).sort(), ['dataverse', 'discovery', 'fabric', 'powerbi', 'token']);
    const res = await fetch(`${endpoints.powerbi}/groups?$top=1`, { headers: { Authorization: `Bearer ${endpoints.token}` } });
    assert.equal(res.status, 200);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.equal(out.trim().split('\n').length, 1, 'stdout carries only the JSON line');
    assert.match(err, /GET \/powerbi\/v1\.0\/myorg\/groups\?\$top=1 → 200/);
    assert.ok(!err.includes(endpoints.token), 'the token is never logged');
  });
});
