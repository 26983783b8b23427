import { InventoryAnalyzer, ActionCatalogue } from './src/analysis';
(async () => {
  const scan = JSON.parse(require('fs').readFileSync('/tmp/scan.json', 'utf8'));
  let t = Date.now();
  const catalogue = await ActionCatalogue.load();
  console.log('catalogue', Date.now() - t);
  const analyzer = new InventoryAnalyzer({ now: () => new Date('2026-11-28T12:00:00Z'), catalogue });
  for (let i = 0; i < 3; i++) {
    t = Date.now();
    await analyzer.analyze({ clusters: scan.clusters, accounts: scan.accounts });
    console.log('analysis', Date.now() - t);
  }
})();
