/* SPDX-License-Identifier: MIT */
/*
 * fuse/workers.c — the FUSE server's write threads: a FIFO of jobs and a few threads
 * that run them. Lookups, reads and directory listings are answered inline by the one
 * reader thread (a request costs a few microseconds; handing it to another thread would
 * cost two context switches more than the work); writes come here.
 */
#include "fuse/internal.h"

#include <stdlib.h>

static void *worker_main(void *arg)
{
	struct workers *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		struct fuse_job *job = w->head;

		if (!job)
			break;
		w->head = job->next;
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		job->fn(job);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int workers_start(struct workers *w)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->head = w->tail = NULL;
	w->stopping = false;
	for (w->nr_threads = 0; w->nr_threads < MEMFS_WORKERS; w->nr_threads++)
		if (pthread_create(&w->threads[w->nr_threads], NULL, worker_main, w))
			break;
	if (w->nr_threads)
		return 0;
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	return -1;
}

void workers_queue(struct workers *w, struct fuse_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void workers_stop(struct workers *w)
{
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < w->nr_threads; i++)
		pthread_join(w->threads[i], NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
}
