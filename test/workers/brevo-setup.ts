// Global setup of the workerd tests (vitest.workers.config.ts), on Node: a local server playing
// Brevo's e-mail and SMS APIs, which the Worker's cron reaches over HTTP. Tests inside workerd get
// its address and key through inject(), and read what it received from GET /__received.
import type { TestProject } from 'vitest/node';
import { FakeBrevo } from '../helpers/smtp-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    brevoUrl: string;
    brevoApiKey: string;
  }
}

export default async function setup(project: TestProject) {
  const brevo = await new FakeBrevo().start();
  project.provide('brevoUrl', brevo.url);
  project.provide('brevoApiKey', brevo.apiKey);
  return () => brevo.stop();
}
