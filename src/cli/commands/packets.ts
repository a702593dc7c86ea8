import { InputError, type Command } from '../cliIo';

export const packetsCommand: Command = async () => {
  throw new InputError('packets: reader not built yet');
};
