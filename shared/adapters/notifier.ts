import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Message } from '../domain/notifications.ts';
import { config } from './config.ts';
import { logger } from './logger.ts';
import { sesClient } from './ses-client.ts';

/** Sends one message through SES v2 to every recipient that has an address. */
export async function send(message: Message): Promise<void> {
  const to = [...new Set(message.to.filter(Boolean))];
  if (to.length === 0) return;
  await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: config().MAIL_FROM,
      Destination: { ToAddresses: to },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
    }),
  );
  logger.info('email sent', { template: message.template, recipients: to.length });
}
