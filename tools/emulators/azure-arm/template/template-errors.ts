/** ARM's `InvalidTemplate` error, naming where in the template the problem is. */
import { ArmError } from '../http/arm-error.ts';

export function invalidTemplate(message: string, path?: string): ArmError {
  return new ArmError(
    400,
    'InvalidTemplate',
    `Deployment template validation failed: '${message}'.`,
    {
      ...(path === undefined
        ? {}
        : {
            additionalInfo: [
              { type: 'TemplateViolation', info: { lineNumber: 0, linePosition: 0, path } },
            ],
          }),
    },
  );
}
