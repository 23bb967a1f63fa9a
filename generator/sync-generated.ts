import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'

/**
 * Brings generated output in line with what was rendered: finds the files whose bytes differ and
 * the `.ts` files in `folder` nothing renders any more; unless `check`, writes the first (only
 * those, so unchanged files keep their mtime) and deletes the second.
 */
export async function syncGenerated(
  root: string,
  files: readonly { file: string; content: string }[],
  folder: string,
  check: boolean,
): Promise<{ changed: string[]; removed: string[] }> {
  const changed: string[] = []
  for (const f of files) {
    const current = await readFile(path.join(root, f.file), 'utf8').catch(() => undefined)
    if (current !== f.content) changed.push(f.file)
  }
  const wanted = new Set(files.map((f) => f.file))
  const names = await readdir(path.join(root, folder)).catch(() => [] as string[])
  const removed = names
    .filter((n) => n.endsWith('.ts'))
    .map((n) => `${folder}/${n}`)
    .filter((f) => !wanted.has(f))
    .sort()
  if (!check) {
    for (const f of files.filter((x) => changed.includes(x.file))) {
      await mkdir(path.dirname(path.join(root, f.file)), { recursive: true })
      await writeFile(path.join(root, f.file), f.content)
    }
    for (const f of removed) await rm(path.join(root, f))
  }
  return { changed, removed }
}
