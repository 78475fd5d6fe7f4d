// Static checks of templates/nginx.conf: the placeholders the generator knows, and the directives
// a non-root container needs. The browser test runs the rendered file in a real nginx.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const template = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates/nginx.conf'), 'utf8');
const PLACEHOLDERS = ['api_burst', 'api_path', 'api_requests_per_second', 'connect_timeout', 'health_path', 'listen_port',
  'nginx_health_path', 'proxy_target', 'static_root', 'upstream', 'worker_connections', 'worker_processes', 'worker_rlimit_nofile',
  'ws_connections_per_address', 'ws_path'];

function block(location: string): string {
  const start = template.indexOf(`location ${location} {`);
  expect(start, `location ${location}`).toBeGreaterThan(-1);
  // Location blocks close at the server block's indentation (placeholders contain braces too).
  return template.slice(start, template.indexOf('\n        }', start));
}

describe('templates/nginx.conf', () => {
  it('uses exactly the generator placeholders, and double braces nowhere else', () => {
    const used = [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
    expect([...new Set(used)].sort()).toEqual(PLACEHOLDERS);
    expect(template.split('{{').length - 1).toBe(used.length);
  });

  it('writes nothing outside /tmp and logs to the container streams', () => {
    expect(template).toMatch(/^pid \/tmp\/nginx\.pid;$/m);
    expect(template).toMatch(/^error_log \/dev\/stderr/m);
    expect(template).toMatch(/access_log \/dev\/stdout;/);
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      expect(template).toMatch(new RegExp(`${t}_temp_path /tmp/`));
    }
    expect(template).not.toMatch(/^\s*user\s/m);
    expect(template).not.toMatch(/^\s*daemon/m); // given on the command line by the image
  });

  it('sends the API, health and WebSocket to the one backend target the model renders', () => {
    // {{upstream}} is an upstream{} block for one backend, or a resolver and a name for API replicas
    expect(template.match(/\{\{upstream\}\}/g)).toHaveLength(1);
    const passes = [...template.matchAll(/proxy_pass ([^;]+);/g)].map((m) => m[1]);
    expect(passes).toHaveLength(3);
    for (const p of passes) expect(p).toBe('http://{{proxy_target}}');
  });

  it('upgrades WebSockets with long timeouts and no buffering', () => {
    const ws = block('{{ws_path}}');
    expect(ws).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(ws).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(ws).toMatch(/proxy_read_timeout 1h;/);
    expect(ws).toMatch(/proxy_buffering off;/);
  });

  it('caches hashed assets for a year, never index.html, and falls back to the app', () => {
    // Cache-Control comes from one map (a location's own add_header would drop the server's security headers).
    const map = template.slice(template.indexOf('map $uri $cache_control {'), template.indexOf('\n    }', template.indexOf('map $uri $cache_control {')));
    expect(map).toMatch(/~\^\/assets\/\s+"public, max-age=31536000, immutable";/);
    expect(map).toMatch(/default\s+"no-cache";/);
    expect(template).toMatch(/add_header Cache-Control \$cache_control always;/);
    expect(block('= /index.html')).not.toMatch(/add_header/);
    expect(block('/')).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
    expect(block('= {{nginx_health_path}}')).toMatch(/access_log off;\s*default_type text\/plain;\s*return 200/);
  });

  it('limits each client address on /ws/ and /api/ and answers 429 with a problem body', () => {
    expect(template).toMatch(/limit_conn_zone \$binary_remote_addr zone=ws_per_address:\d+m;/);
    expect(template).toMatch(/limit_req_zone \$binary_remote_addr zone=api_per_address:\d+m rate=\{\{api_requests_per_second\}\}r\/s;/);
    expect(template).toMatch(/limit_conn_status 429;/);
    expect(template).toMatch(/limit_req_status 429;/);
    expect(block('{{ws_path}}')).toMatch(/limit_conn ws_per_address \{\{ws_connections_per_address\}\};\s*error_page 429 @ws_limited;/);
    expect(block('{{api_path}}')).toMatch(/limit_req zone=api_per_address burst=\{\{api_burst\}\} nodelay;\s*error_page 429 @api_limited;/);
    for (const named of ['@ws_limited', '@api_limited']) {
      const b = block(named);
      expect(b).toMatch(/default_type application\/problem\+json;/);
      const body = /return 429 '([^']+)';/.exec(b)![1].replace(/\{\{\w+\}\}/g, '1');
      expect(JSON.parse(body)).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429, parameter: null });
      expect(b, 'a location with its own add_header would drop the security headers').not.toMatch(/add_header/);
    }
    expect(template).toMatch(/add_header Retry-After \$retry_after always;/);
  });

  it('gzips scripts, styles and JSON', () => {
    const types = /gzip_types([^;]+);/.exec(template)![1];
    for (const t of ['text/css', 'application/javascript', 'text/javascript', 'application/json']) expect(types).toContain(t);
  });
});
