/** What the pages call a client: its registered name, else its id. */
export function clientLabel(client: { clientId: string; clientName?: string | undefined }): string {
  return client.clientName ?? client.clientId
}
