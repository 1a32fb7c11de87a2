package dev.fslock;
