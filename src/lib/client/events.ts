/** Names of the app's window events, in a module light enough for any page to import. */

/** Another tab upgraded the database schema: this page must reload. */
export const DB_OUTDATED_EVENT = 'xfkl:db-outdated';
