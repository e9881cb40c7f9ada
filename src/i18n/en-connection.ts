import type { PartEnglish } from './messages.ts';

/**
 * English for the connection notice (addresses the browser cannot reach): loaded with the
 * connection doctor's part, which finds those problems (`loadEnglish('diagnostics')`).
 */
export const enConnection = {
  connection: {
    certificateLead:
      'The browser cannot connect to Finesse at these addresses, most likely because it does not trust their certificate:',
    networkLead:
      'The browser cannot reach Finesse at these addresses (network, firewall or server down):',
    openOnce:
      'open this once; if your browser warns about the certificate, accept it or ask IT to install it',
    cspBlocked: (origin, directive) =>
      `This page's security policy (Content-Security-Policy, ${directive}) blocks ${origin}. Ask your administrator to allow it.`,
    corsNotAllowed: (finesse, desktop, command) =>
      `Finesse at ${finesse} answers, but it does not allow this desktop (${desktop}) to use it. Ask your administrator to run this command on each Finesse server: ${command}`,
    clearsItself: 'This message disappears by itself once the connection works.',
  },
} satisfies PartEnglish;
