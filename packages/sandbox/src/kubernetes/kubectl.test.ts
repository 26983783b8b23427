/**
 * What `kubectl` needs of an API server for the guide's commands, checked
 * over HTTP and with @kubernetes/client-node: short names and categories in
 * discovery (`kubectl get sa/ds/ns/deploy/po`, `get all`), server-side Table
 * output, `rollout restart` (a strategic merge patch of the pod template)
 * and the OpenAPI v3 documents `kubectl apply` validates against.
 */
import { request } from 'node:https';
import {
  AppsV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../types';
import { MAIN, smallEstate } from '../__testUtils__/aws';
import { kubeConfigFor } from '../__testUtils__/kubernetes';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

async function get(kc: KubeConfig, path: string, accept = 'application/json') {
  const options: any = {};
  await kc.applyToHTTPSOptions(options);
  const url = `${kc.getCurrentCluster()!.server}${path}`;
  return new Promise<any>((resolve, reject) => {
    const req = request(
      url,
      { ...options, method: 'GET', headers: { ...options.headers, accept } },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(text))
            : reject(new Error(`${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('kubectl against the sandbox', () => {
  let sandbox: Sandbox;
  let kc: KubeConfig;

  beforeAll(async () => {
    const estate = smallEstate();
    estate.accounts[0].clusters![0].kubernetes = {
      namespaces: ['orders'],
      serviceAccounts: [{ namespace: 'orders', name: 'orders-api' }],
      nodes: [{ name: 'node-a' }],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'orders',
          name: 'orders-api',
          serviceAccountName: 'orders-api',
          replicas: 2,
        },
      ],
    };
    sandbox = await startSandbox({ seed: estate });
    kc = await kubeConfigFor(sandbox, 'prod', sandbox.credentialsFor(MAIN));
  });
  afterAll(() => sandbox.stop());

  it('offers the short names and the `all` category in discovery', async () => {
    const core = await get(kc, '/api/v1');
    const apps = await get(kc, '/apis/apps/v1');
    const shortNames = Object.fromEntries(
      [...core.resources, ...apps.resources].map((r: any) => [
        r.name,
        r.shortNames,
      ]),
    );
    expect(shortNames).toMatchObject({
      serviceaccounts: ['sa'],
      namespaces: ['ns'],
      pods: ['po'],
      nodes: ['no'],
      deployments: ['deploy'],
      daemonsets: ['ds'],
      replicasets: ['rs'],
      statefulsets: ['sts'],
    });
    expect(
      apps.resources.find((r: any) => r.name === 'deployments').categories,
    ).toEqual(['all']);
  });

  it('prints Tables on the server for kubectl get', async () => {
    const accounts = await get(
      kc,
      '/api/v1/namespaces/orders/serviceaccounts',
      TABLE,
    );
    expect(accounts).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      columnDefinitions: [
        expect.objectContaining({ name: 'Name', format: 'name' }),
        expect.objectContaining({ name: 'Secrets' }),
        expect.objectContaining({ name: 'Age' }),
      ],
    });
    expect(accounts.rows.map((r: any) => r.cells[0])).toEqual([
      'default',
      'orders-api',
    ]);
    expect(accounts.rows[1].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'orders-api', namespace: 'orders' },
    });

    const deployment = await get(
      kc,
      '/apis/apps/v1/namespaces/orders/deployments/orders-api',
      TABLE,
    );
    expect(deployment.rows).toEqual([
      expect.objectContaining({
        cells: ['orders-api', '2/2', 2, 2, expect.stringMatching(/^\d+s$/)],
      }),
    ]);
    const pods = await get(kc, '/api/v1/namespaces/orders/pods', TABLE);
    expect(pods.rows.map((r: any) => r.cells.slice(1, 3))).toEqual([
      ['1/1', 'Running'],
      ['1/1', 'Running'],
    ]);
    // Without the Table media type, the plain list as before.
    const plain = await get(kc, '/api/v1/namespaces/orders/serviceaccounts');
    expect(plain.kind).toBe('ServiceAccountList');
  });

  it('restarts a rollout: the patched pod template replaces the pods', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const podNames = async () =>
      (await get(kc, '/api/v1/namespaces/orders/pods')).items
        .map((p: any) => p.metadata.name)
        .sort();
    const before = await podNames();
    const restartedAt = new Date().toISOString();
    // What `kubectl rollout restart deployment/orders-api` sends.
    await apps.patchNamespacedDeployment(
      {
        namespace: 'orders',
        name: 'orders-api',
        body: {
          spec: {
            template: {
              metadata: {
                annotations: {
                  'kubectl.kubernetes.io/restartedAt': restartedAt,
                },
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const deployment = await apps.readNamespacedDeployment({
      namespace: 'orders',
      name: 'orders-api',
    });
    expect(deployment.spec!.template.metadata!.annotations).toEqual({
      'kubectl.kubernetes.io/restartedAt': restartedAt,
    });
    const after = await podNames();
    expect(after).toHaveLength(2);
    expect(after.filter((n: string) => before.includes(n))).toEqual([]);
  });

  it('serves the OpenAPI v3 documents kubectl apply checks for server-side field validation', async () => {
    const root = await get(kc, '/openapi/v3');
    expect(Object.keys(root.paths)).toEqual(
      expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1']),
    );
    const relative = root.paths['api/v1'].serverRelativeURL as string;
    expect(relative).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
    const doc = await get(kc, relative);
    const patch =
      doc.paths['/api/v1/namespaces/{namespace}/serviceaccounts/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: '',
      version: 'v1',
      kind: 'ServiceAccount',
    });
    expect(patch.parameters).toContainEqual(
      expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
    );
  });
});
