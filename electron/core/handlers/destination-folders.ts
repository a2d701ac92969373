import { isAbsoluteFolder, RELATIVE_FOLDER } from '../../../shared/destinations/file';
import { checkFolder, createFolder } from '../../engine/destinations/file/folder';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

/** A file destination's folder: looked at for the form, and created only when the user asks. */
export function destinationFolderHandlers(ctx: CoreContext): Pick<Handlers, 'destinations.checkFolder' | 'destinations.createFolder'> {
  return {
    'destinations.checkFolder': ({ directory }) => ({ directory, ...checkFolder(directory) }),
    'destinations.createFolder': ({ directory }) => {
      if (!isAbsoluteFolder(directory) || checkFolder(directory).state === 'relative') {
        throw new FloeError('relative_folder', `${directory} is not a full path.`, RELATIVE_FOLDER, { fields: { directory: RELATIVE_FOLDER } });
      }
      let created: boolean;
      try {
        created = createFolder(directory);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new FloeError(
          'folder_not_created',
          `Floe could not create ${directory} (${code ?? (error as Error).message}).`,
          code === 'EACCES' || code === 'EPERM' ? 'Choose a folder inside one your user can write to, such as your home folder.' : 'Check the path, or create the folder yourself and choose it.',
          { cause: error, fields: { directory: `Floe could not create this folder (${code ?? 'error'}).` } },
        );
      }
      ctx.log.info('destination.folder_created', { created });
      return { directory, created };
    },
  };
}
