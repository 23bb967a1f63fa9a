/** A code block of the README's tour: `<!-- tour:<step> -->` on the line before its fence. */
export interface TourBlock {
  lang: string
  body: string
}

/** The README's tour blocks by step name; a step named twice is an error (each step is one block). */
export function tourBlocks(readme: string): Map<string, TourBlock> {
  const blocks = new Map<string, TourBlock>()
  for (const m of readme.matchAll(/<!-- tour:([\w-]+) -->\n```(\w*)\n([\s\S]*?)```/g)) {
    const [, step, lang, body] = m as unknown as [string, string, string, string]
    if (blocks.has(step)) throw new Error(`README.md: tour step "${step}" appears twice`)
    blocks.set(step, { lang, body })
  }
  return blocks
}

/** The command lines of a shell block (blank lines and whole-line comments left out). */
export function commandLines(block: TourBlock): string[] {
  return block.body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/** The file a code block writes: its first line is `// <path>` (or `// <path>: …` for a fragment). */
export function fileOf(block: TourBlock): { file: string; text: string } {
  const first = /^\/\/ ([^\s:]+)/.exec(block.body)
  if (!first) throw new Error(`a tour code block must start with "// <path>": ${block.body.slice(0, 60)}`)
  return { file: first[1] as string, text: block.body }
}

/**
 * `source` with the method that `fragment` defines (a class method, as the README shows it filled
 * in) put in place of the method of the same name: from its first line to the first line that
 * closes it at the same indentation.
 */
export function fillMethod(source: string, fragment: string): string {
  const lines = fragment.split('\n').filter((line) => !line.startsWith('//'))
  const header = /^(\s*)async (\w+)\(/.exec(lines[0] ?? '')
  if (!header) throw new Error(`not a method: ${lines[0]}`)
  const [, indent, name] = header as unknown as [string, string, string]
  const target = source.split('\n')
  const start = target.findIndex((line) => line.startsWith(`${indent}async ${name}(`))
  const end = target.findIndex((line, i) => i > start && line === `${indent}}`)
  if (start === -1 || end === -1) throw new Error(`method "${name}" not found in the scaffolded file`)
  const body = lines.join('\n').trimEnd().split('\n')
  return [...target.slice(0, start), ...body, ...target.slice(end + 1)].join('\n')
}
