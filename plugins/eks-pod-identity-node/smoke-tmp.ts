import { startSandbox } from '@pod-identity/sandbox';
import { AwsClientFactory } from './src/aws/AwsClientFactory';
import { DefaultInventoryScanner } from './src/inventory/DefaultInventoryScanner';
import { sandboxConfig } from './src/__testUtils__/sandbox';
import { InventoryAnalyzer } from './src/analysis';
(async () => {
  const sandbox = await startSandbox({ seed: '../../examples/sandbox/estate.yaml' });
  process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;
  const estate = sandbox.exportEstate();
  const config = sandboxConfig(sandbox, {
    discovery: estate.accounts.filter(a => a.clusters?.length).map(a => ({ accountId: a.id, regions: [...new Set(a.clusters!.map(c => c.region))] })),
  });
  const clients = AwsClientFactory.fromConfig(config);
  const scanner = DefaultInventoryScanner.fromConfig(config, { clients });
  let t = Date.now();
  const scan = await scanner.scan();
  console.error('scan', Date.now() - t);
  const analyzer = new InventoryAnalyzer({ now: () => new Date('2026-11-28T12:00:00Z') });
  t = Date.now();
  const analysis = await analyzer.analyze({ clusters: scan.clusters, accounts: scan.accounts });
  console.error('analysis', Date.now() - t);
  for (const f of analysis.findings) console.log(f.severity, f.code, f.cluster ?? '-', f.subject.id, '\n   ', f.detail);
  require('fs').writeFileSync('/tmp/scan.json', JSON.stringify(scan));
  await clients.destroy();
  await sandbox.stop();
})();
