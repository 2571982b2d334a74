#include "lib/note-summary.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 8
#define CHUNK 32

struct worker {
	struct note_summary_reader *r;
	git_repository *repo;	/* NULL: the caller's, for the calling thread */
	struct object_reader objects;
	pthread_t thread;
	char *error;		/* the first failure, reported by the caller */
};

struct note_summary_reader {
	git_repository *repo;
	struct worker workers[MAX_THREADS];
	size_t nr_workers;	/* besides the calling thread */
	struct worker self;

	pthread_mutex_t lock;
	pthread_cond_t work, done;
	unsigned long generation;
	int quit;
	size_t busy;
	struct note_summary *items;
	size_t nr, next;

	const struct record_filter *filter;
	int want_author;
};

void commit_subject(struct strbuf *out, const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf;
	int first = 1;

	/* The message starts after the first empty line. */
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			return;
		if (eol == p) {
			p++;
			break;
		}
		p = eol + 1;
	}
	while (p < end && *p == '\n')
		p++;
	/* Its first paragraph, lines joined by spaces. */
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);

		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
		if (!first)
			strbuf_addch(out, ' ');
		strbuf_add(out, p, n);
		first = 0;
		p = eol ? eol + 1 : end;
	}
}

void commit_author(struct strbuf *out, const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf;

	/* header lines up to the first empty one */
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (n > 7 && !memcmp(p, "author ", 7)) {
			const char *gt = p + n;

			/* up to the '>' that ends the email: the date follows it */
			while (gt > p + 7 && gt[-1] != '>')
				gt--;
			if (gt == p + 7)
				gt = p + n;
			strbuf_add(out, p + 7, (size_t)(gt - p - 7));
			return;
		}
		p = eol ? eol + 1 : end;
	}
}

static int summarize(struct worker *w, struct note_summary *s)
{
	struct strbuf *data = &w->objects.data;
	char hex[GIT_OID_HEXSZ + 1], tree[GIT_OID_HEXSZ + 1] = "";

	/* The commit first: its tree decides which records are about it. */
	if (object_read(&w->objects, &s->commit, GIT_OBJECT_COMMIT, &w->error))
		return -1;
	if (data->len > 5 + GIT_OID_HEXSZ && !memcmp(data->buf, "tree ", 5))
		memcpy(tree, data->buf + 5, GIT_OID_HEXSZ);
	strbuf_reset(&s->subject);
	commit_subject(&s->subject, data->buf, data->len);
	if (w->r->want_author) {
		strbuf_reset(&s->author);
		commit_author(&s->author, data->buf, data->len);
	}
	if (git_oid_is_zero(&s->note)) {
		memset(&s->roll, 0, sizeof(s->roll));
		s->bad = 0;
		return 0;
	}
	if (object_read(&w->objects, &s->note, GIT_OBJECT_BLOB, &w->error))
		return -1;
	git_oid_tostr(hex, sizeof(hex), s->same_tree ? &s->source : &s->commit);
	s->bad = record_list_summarize_filtered(data->buf, data->len, hex, *tree ? tree : NULL,
						 w->r->filter, &s->roll) < 0;
	return 0;
}

/* Takes chunks of the current batch until none is left; lock held on entry and exit. */
static void work(struct note_summary_reader *r, struct worker *w)
{
	while (r->next < r->nr) {
		size_t start = r->next, end = start + CHUNK < r->nr ? start + CHUNK : r->nr, i;

		r->next = end;
		pthread_mutex_unlock(&r->lock);
		for (i = start; i < end && !w->error; i++)
			summarize(w, &r->items[i]);
		pthread_mutex_lock(&r->lock);
		if (w->error)
			r->next = r->nr;	/* the batch fails: stop handing out work */
	}
}

static void *worker_main(void *data)
{
	struct worker *w = data;
	struct note_summary_reader *r = w->r;
	unsigned long seen = 0;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->quit && r->generation == seen)
			pthread_cond_wait(&r->work, &r->lock);
		if (r->quit)
			break;
		seen = r->generation;
		work(r, w);
		if (!--r->busy)
			pthread_cond_signal(&r->done);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static size_t thread_count(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		return 1;
	return cpus > MAX_THREADS ? MAX_THREADS : (size_t)cpus;
}

struct note_summary_reader *note_summary_reader_new(git_repository *repo)
{
	struct note_summary_reader *r = xcalloc(1, sizeof(*r));

	r->repo = repo;
	r->self.r = r;
	object_reader_open(&r->self.objects, repo);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	return r;
}

void note_summary_reader_filter(struct note_summary_reader *r, const struct record_filter *filter)
{
	r->filter = filter;
}

void note_summary_reader_want_author(struct note_summary_reader *r)
{
	r->want_author = 1;
}

/* Extra threads start with the first batch big enough to share. */
static void start_workers(struct note_summary_reader *r)
{
	size_t want = thread_count() - 1;

	/* A second handle would not see objects given by the environment. */
	if (getenv("GIT_OBJECT_DIRECTORY") || getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"))
		return;

	while (r->nr_workers < want) {
		struct worker *w = &r->workers[r->nr_workers];

		w->r = r;
		if (git_repository_open(&w->repo, git_repository_path(r->repo)) < 0)
			break;
		if (object_reader_share(&w->objects, w->repo, &r->self.objects) < 0) {
			git_repository_free(w->repo);
			break;
		}
		if (pthread_create(&w->thread, NULL, worker_main, w)) {
			object_reader_release(&w->objects);
			git_repository_free(w->repo);
			break;
		}
		r->nr_workers++;
	}
}

void note_summary_read(struct note_summary_reader *r, struct note_summary *items, size_t nr)
{
	size_t i;

	if (r->self.objects.promisor) {
		git_oid *notes = xcalloc(nr ? nr : 1, sizeof(*notes));
		size_t n = 0;

		/* A partial clone's missing notes, in one fetch rather than one each. */
		for (i = 0; i < nr; i++)
			if (!git_oid_is_zero(&items[i].note))
				git_oid_cpy(&notes[n++], &items[i].note);
		object_reader_prefetch(&r->self.objects, notes, n);
		free(notes);
	}
	if (nr >= 4 * CHUNK && !r->nr_workers)
		start_workers(r);
	pthread_mutex_lock(&r->lock);
	r->items = items;
	r->nr = nr;
	r->next = 0;
	r->busy = r->nr_workers;
	r->generation++;
	pthread_cond_broadcast(&r->work);
	work(r, &r->self);
	while (r->busy)
		pthread_cond_wait(&r->done, &r->lock);
	pthread_mutex_unlock(&r->lock);

	if (r->self.error)
		die("%s", r->self.error);
	for (i = 0; i < r->nr_workers; i++)
		if (r->workers[i].error)
			die("%s", r->workers[i].error);
}

void note_summary_reader_free(struct note_summary_reader *r)
{
	size_t i;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->quit = 1;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < r->nr_workers; i++) {
		pthread_join(r->workers[i].thread, NULL);
		object_reader_release(&r->workers[i].objects);
		git_repository_free(r->workers[i].repo);
		free(r->workers[i].error);
	}
	object_reader_release(&r->self.objects);
	free(r->self.error);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
	free(r);
}
