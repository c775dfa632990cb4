package rules

import (
	"context"
	"sync"
)

// sched runs a run's work on a fixed number of workers (Options.Jobs): whole
// files, and the parts of large files (parts.go). A worker takes a part of a
// file already being read in parts before it starts another file, so a
// large file gets every core while many small files still go side by side,
// and the parts waiting to be merged stay few.
type sched struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ctx   context.Context
	files int // inputs to check
	next  int // the next input to start
	busy  int // inputs started and not finished
	jobs  []*partJob
	// ahead bounds how many parts of one file may be read and not yet
	// merged: what a file's parts hold waiting for their turn.
	ahead int
}

func newSched(ctx context.Context, files, workers int) *sched {
	s := &sched{ctx: ctx, files: files, ahead: workers + 2}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// work is one worker's loop; checkFile checks the i-th input.
func (s *sched) work(checkFile func(i int)) {
	stop := context.AfterFunc(s.ctx, s.wake)
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.ctx.Err() == nil {
		if j, k, ok := s.takePart(nil); ok {
			s.mu.Unlock()
			j.runPart(k)
			s.mu.Lock()
			continue
		}
		if s.next < s.files {
			i := s.next
			s.next++
			s.busy++
			s.mu.Unlock()
			checkFile(i)
			s.mu.Lock()
			s.busy--
			s.cond.Broadcast()
			continue
		}
		if s.busy == 0 {
			return
		}
		s.cond.Wait()
	}
}

// wake lets waiting workers look again: a part was merged, a file was
// split into parts, or the run was cancelled.
func (s *sched) wake() {
	s.mu.Lock()
	s.cond.Broadcast()
	s.mu.Unlock()
}

// takePart hands out the next part of a file read in parts: of job when
// it is given, else of the first file that has one to start. Parts go out
// in file order, and no more than ahead past the last merged one. Called
// with s.mu held.
func (s *sched) takePart(job *partJob) (*partJob, int, bool) {
	for _, j := range s.jobs {
		if job != nil && j != job {
			continue
		}
		if j.next < len(j.bounds)-1 && j.next-int(j.merged.Load()) < s.ahead {
			k := j.next
			j.next++
			j.running.Add(1)
			return j, k, true
		}
	}
	return nil, 0, false
}

// add makes a file's parts available to every worker.
func (s *sched) add(j *partJob) {
	s.mu.Lock()
	s.jobs = append(s.jobs, j)
	s.cond.Broadcast()
	s.mu.Unlock()
}

// own is the loop of the worker that split the file: it reads parts of its
// own file until none is left to start, then takes the file off the list.
// Other workers may still be reading the last parts when it returns.
func (s *sched) own(j *partJob) {
	s.mu.Lock()
	for s.ctx.Err() == nil && j.next < len(j.bounds)-1 {
		if _, k, ok := s.takePart(j); ok {
			s.mu.Unlock()
			j.runPart(k)
			s.mu.Lock()
			continue
		}
		s.cond.Wait() // too far ahead of the merge
	}
	for i, o := range s.jobs {
		if o == j {
			s.jobs = append(s.jobs[:i], s.jobs[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
}
