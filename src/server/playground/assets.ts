import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lazyAsset, type StaticAsset } from '../static-asset';

/** Served at /playground/assets/<fileName>. */
export type PlaygroundAsset = StaticAsset;

/** The packages the page loads, as published UMD builds (GraphiQL 4 needs React 18: React 19 has no UMD). */
const PACKAGE_FILES = [
  { key: 'react', pkg: 'react', file: 'umd/react.production.min.js' },
  { key: 'reactDom', pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { key: 'graphiqlJs', pkg: 'graphiql', file: 'graphiql.min.js' },
  { key: 'graphiqlCss', pkg: 'graphiql', file: 'graphiql.min.css' },
  { key: 'graphqlWs', pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js' },
] as const;

export type PackageAssetKey = (typeof PACKAGE_FILES)[number]['key'];

/**
 * The allow-list of files the playground serves: the UMD builds above from node_modules plus the page's own script and
 * stylesheet. Throws at construction when a package or file is missing, so a broken install fails at startup rather
 * than as a blank page. Files are read and gzipped once, on first request.
 */
export function createAssetMap(ownFiles: Array<{ name: string; extension: '.js' | '.css'; text: string }>) {
  const byName = new Map<string, PlaygroundAsset>();
  const urls = {} as Record<PackageAssetKey, string>;

  for (const { key, pkg, file } of PACKAGE_FILES) {
    // These files are not in the packages' "exports", so require.resolve('<pkg>/<file>') throws; package.json is.
    const manifestPath = require.resolve(`${pkg}/package.json`);
    const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    const path = join(dirname(manifestPath), file);
    if (!existsSync(path)) throw new Error(`playground asset ${pkg}/${file} is missing from node_modules (run npm ci)`);
    const base = file.slice(file.lastIndexOf('/') + 1);
    const fileName = `${pkg}-${version}-${base}`;
    byName.set(fileName, lazyAsset(fileName, () => readFileSync(path)));
    urls[key] = assetUrl(fileName);
  }

  const ownUrls: Record<string, string> = {};
  for (const own of ownFiles) {
    const bytes = Buffer.from(own.text, 'utf8');
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const fileName = `${own.name}-${hash}${own.extension}`;
    byName.set(fileName, lazyAsset(fileName, () => bytes));
    ownUrls[`${own.name}${own.extension}`] = assetUrl(fileName);
  }

  return { get: (fileName: string) => byName.get(fileName), urls, ownUrls };
}

export const ASSET_PREFIX = '/playground/assets/';

function assetUrl(fileName: string): string {
  return `${ASSET_PREFIX}${fileName}`;
}
