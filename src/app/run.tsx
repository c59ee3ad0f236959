// Placeholder until the wizard lands: keeps the TTY gate and lazy import path real.
export interface WizardOptions {
  readonly file: string | undefined;
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
}

export async function runWizard(_options: WizardOptions): Promise<void> {
  process.stdout.write('The wizard is not built yet; use `fine-tune prepare FILE`.\n');
}
