// The daemon's entry point; the host is wired in PiTuneHost (coming with the foundation).
return 0;
