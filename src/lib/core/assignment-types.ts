/** An assigned exam as GET /api/assignments sends it to the phone (one shape for both ends). */
export interface AssignmentInfo {
	id: number;
	title: string;
	paperId: string;
	paperTitle: string;
	opensAt: number;
	closesAt: number;
	/** The server already holds a submitted exam of this cadre marked for it. */
	done: boolean;
}
