// How `sources` name the events of the five source APIs (shared/seeds), so every label reads alike.
export const source = {
  focus: (trigger: string) => `Focus: ${trigger}`,
  fastNotas: (type: string) => `Fast Notas: ${type}`,
  emites: (event: string) => `Emites: ${event}`,
  nfeIo: (status: string) => `NFE.io: ${status}`,
  cobrato: (request: string) => `Cobrato: ${request}`,
};
