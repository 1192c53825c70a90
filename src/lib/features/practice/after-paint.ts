/**
 * Resolves once the browser has painted the next frame and has a moment to spare (a frame, then
 * an idle period), so that work which the learner does not see at once (saving an answer,
 * reading a question's marks) does not sit between a tap and the frame that answers it. A hidden
 * tab gets no frames: a timer bounds the wait, so nothing is held back for long.
 */
export function afterNextPaint(): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, 200);
		const done = () => {
			clearTimeout(timer);
			resolve();
		};
		if (typeof requestAnimationFrame !== 'function') return;
		requestAnimationFrame(() => {
			if (typeof requestIdleCallback === 'function') requestIdleCallback(done, { timeout: 100 });
			else setTimeout(done, 0);
		});
	});
}
