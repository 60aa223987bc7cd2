// The sentences the tech note shows, which scenarios assert verbatim.
export { REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'

export const TEXTS = {
  disabled: 'Enable the Cloud Services on your appliance to use the Cisco Threat Response portal.',
  noServer: 'No Server is set.',
  committed: 'Success - Your changes have been committed.',
  busy: 'The Cisco Cloud Service is busy. Navigate back to this page after some time to check the appliance status.',
  inProgress: 'The appliance registration is in progress. Navigate back to this page after some time to check the appliance status.',
  tokensGenerated: (hours: number) => `The following tokens have been generated and will be valid for ${hours} hour(s)`,
  incomingDelivered: 'Incoming message (Delivered)',
} as const
