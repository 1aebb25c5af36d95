import type { Phase } from '../../../shared/smtp';

const labels: Record<Phase, string> = {
  dns: 'DNS',
  connect: 'Connect',
  banner: 'Banner',
  ehlo: 'EHLO',
  helo: 'HELO',
  starttls: 'STARTTLS',
  auth: 'AUTH',
  mail: 'MAIL',
  rcpt: 'RCPT',
  data: 'DATA',
  body: 'Body',
  rset: 'RSET',
  quit: 'QUIT',
};

export const phaseLabel = (phase: Phase | string) => labels[phase as Phase] ?? phase;
