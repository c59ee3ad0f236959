import { afterAll } from 'vitest';
import { stopLocalServers } from './helpers/run-cli.js';

// Background local servers started by the binary during this file's tests stop with it.
afterAll(() => stopLocalServers());
