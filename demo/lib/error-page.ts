/** The demo app's error page: the kit's error card in the app's layout. */
import { errorCard } from '../../runtime/idp/pages/error.js'
import { layout } from './layout.js'
import { page } from './respond.js'

export interface ErrorPageInput {
  error: string
  description?: string | undefined
  status?: number | undefined
}

/** Renders an error as a page. */
export function errorPage(e: ErrorPageInput): Response {
  const main = errorCard(e.error, e.description, '/')
  return page(layout({ title: 'Error', main, narrow: true }), { status: e.status ?? 400 })
}
