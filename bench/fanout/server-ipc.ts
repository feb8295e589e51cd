/** Server processes answer the driver's CPU probes, so CPU per delivery is measured in the server process itself. */
export function reportCpuOnRequest(): void {
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', userUs: user, systemUs: system });
    }
    if (message.type === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}
