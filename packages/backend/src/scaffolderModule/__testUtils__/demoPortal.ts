/*
 * The demo portal as the template tests run it: the templates and example
 * entities as the catalog serves them, the demo config against a sandbox,
 * and a client of the scaffolder's task API.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  createEksPodIdentityApiClient,
  type ServiceAccountAccess,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { Sandbox } from '@pod-identity/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

export const ROOT = path.resolve(__dirname, '../../../../..');
export const TEMPLATES = path.join(
  ROOT,
  'plugins/scaffolder-backend-module-eks-pod-identity/templates',
);
export const PROD = '111111111111';

export function readYamlDocuments(file: string): Entity[] {
  return yaml.parseAllDocuments(fs.readFileSync(file, 'utf8')).flatMap(d => {
    if (d.errors.length) throw d.errors[0];
    return d.contents ? [d.toJSON()] : [];
  });
}

/** The templates as the catalog serves them, located on disk like the demo's file location. */
export function templateEntities(): Entity[] {
  return fs.readdirSync(TEMPLATES).map(name => {
    const file = path.join(TEMPLATES, name, 'template.yaml');
    const [entity] = readYamlDocuments(file);
    entity.metadata.namespace = 'default';
    entity.metadata.annotations = {
      'backstage.io/managed-by-location': `file:${file}`,
      'backstage.io/managed-by-origin-location': `file:${file}`,
    };
    return entity;
  });
}

export function withNamespace(entities: Entity[]): Entity[] {
  return entities.map(e => ({
    ...e,
    metadata: { namespace: 'default', ...e.metadata },
  }));
}

/** app-config.yaml's eksPodIdentity block, pointed at this sandbox instead of its own. */
export function demoConfig(sandbox: Sandbox): JsonObject {
  const appConfig = yaml.parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const { sandbox: _embedded, ...eksPodIdentity } = appConfig.eksPodIdentity;
  return {
    app: { baseUrl: appConfig.app.baseUrl },
    integrations: {
      github: [{ host: 'github.com', token: 'not-a-real-token' }],
    },
    aws: {
      accounts: sandbox.accounts.map(a => ({
        accountId: a.accountId,
        accessKeyId: a.accessKeyId,
        secretAccessKey: a.secretAccessKey,
      })),
    },
    eksPodIdentity: { ...eksPodIdentity, endpoints: sandbox.endpoints },
  };
}

/** Templates, the example components and the org, as the demo catalog holds them. */
export function demoEntities(): Entity[] {
  return [
    ...templateEntities(),
    ...withNamespace(
      readYamlDocuments(path.join(ROOT, 'examples/entities.yaml')),
    ),
    ...withNamespace(readYamlDocuments(path.join(ROOT, 'examples/org.yaml'))),
  ];
}

/** The backend's REST APIs as a signed-in user calls them. */
export function portalClient(
  baseUrl: () => string,
  userRef = 'user:default/guest',
) {
  async function api(method: string, route: string, body?: unknown) {
    const res = await fetch(`${baseUrl()}${route}`, {
      method,
      headers: {
        Authorization: mockCredentials.user.header(userRef),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return json;
  }

  /** Creates a task from a template and waits for it to end; fails with its log otherwise. */
  async function runTemplate(name: string, values: JsonObject) {
    const { id } = await api('POST', '/api/scaffolder/v2/tasks', {
      templateRef: `template:default/${name}`,
      values,
    });
    for (;;) {
      const task = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
      if (task.status === 'completed') return task;
      if (task.status === 'failed' || task.status === 'cancelled') {
        const events = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        const log = events.map((e: any) => e.body.message).join('\n');
        throw new Error(`Task of ${name} ${task.status}:\n${log}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  async function taskOutput(task: { id: string }) {
    const events = await api(
      'GET',
      `/api/scaffolder/v2/tasks/${task.id}/events`,
    );
    return events.find((e: any) => e.type === 'completion')?.body.output;
  }

  /** The eks-pod-identity backend's generated client, as this user. */
  const inventory = () =>
    createEksPodIdentityApiClient({
      baseUrl: `${baseUrl()}/api/eks-pod-identity`,
      headers: { Authorization: mockCredentials.user.header(userRef) },
    });

  /** A refresh (of everything, or of one cluster), done when this resolves. */
  async function refresh(cluster?: string) {
    const { response } = await inventory().POST('/v1/refresh', {
      body: cluster ? { cluster } : {},
    });
    if (response.status !== 202) {
      throw new Error(`refresh answered ${response.status}, not 202`);
    }
  }

  /** The entity access of `component:default/<name>`. */
  async function entityAccess(name: string) {
    const { data } = await inventory().GET(
      '/v1/entity/{namespace}/{kind}/{name}/access',
      { params: { path: { namespace: 'default', kind: 'component', name } } },
    );
    return data!;
  }

  return { api, inventory, refresh, entityAccess, runTemplate, taskOutput };
}

/** Polls `read` until `ok` holds, failing with the last value after `timeoutMs`. */
export async function within<T>(
  timeoutMs: number,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not seen within ${timeoutMs} ms; last: ${JSON.stringify(
          value,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Whether an item of the entity access API grants any S3 access. */
export const hasS3Access = (item: ServiceAccountAccess | undefined): boolean =>
  item?.access?.services.some(s => s.service === 's3') ?? false;
