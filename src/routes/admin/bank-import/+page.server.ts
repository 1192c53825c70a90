import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/access';
import { previewImport, sourceLaws } from '$lib/server/bank-import';

export const prerender = false;

function requireAdmin(locals: App.Locals, url: URL) {
	const staff = requireStaff(locals.user, url);
	if (staff.role !== 'admin') error(403, '题库导入仅供管理员使用。');
	return staff;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { laws: sourceLaws() };
};

export const actions: Actions = {
	preview: async ({ locals, url, request }) => {
		requireAdmin(locals, url);
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			return fail(400, { message: '上传的内容无法读取，请重新选择文件。' });
		}
		const file = form.get('file');
		const lawId = String(form.get('law') ?? '');
		if (!(file instanceof File)) return fail(400, { message: '请选择要导入的文件（.xlsx 或 .csv）。', lawId });
		const preview = await previewImport(file, lawId);
		if (!preview.ok) return fail(400, { message: preview.message, lawId });
		return { preview, lawId };
	}
};
