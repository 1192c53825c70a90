/**
 * Assigned exams: a supervisor publishes a paper to a unit (and everything below it) for a time
 * window; an exam a cadre takes for it carries the assignment's id.
 */
import type { Kysely, Migration } from 'kysely';

export const assignmentsMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await db.schema
			.createTable('assignments')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
			.addColumn('paper_id', 'text', (c) => c.notNull())
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('opens_at', 'bigint', (c) => c.notNull())
			.addColumn('closes_at', 'bigint', (c) => c.notNull())
			.addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
			.addColumn('created_at', 'bigint', (c) => c.notNull())
			.addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await db.schema.createIndex('assignments_unit').on('assignments').column('unit_id').execute();
		await db.schema
			.alterTable('exams')
			.addColumn('assignment_id', 'integer', (c) => c.references('assignments.id'))
			.execute();
		await db.schema.createIndex('exams_assignment').on('exams').column('assignment_id').execute();
	}
};
