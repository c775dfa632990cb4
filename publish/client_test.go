package publish

import (
	"context"
	"strings"
	"testing"
)

func TestCheckEndpoint(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string
	}{
		{"https://s3.example.com", ""},
		{"https://10.0.0.5:9000", ""},
		{"http://127.0.0.1:7070", ""},
		{"http://127.8.9.10:7070", ""},
		{"http://[::1]:7070", ""},
		{"http://localhost:7070", ""},
		{"http://LOCALHOST", ""},
		{"http://10.0.0.5:9000", "only allowed to a loopback host"},
		{"http://128.0.0.1", "only allowed to a loopback host"},
		{"http://localhost.example.com", "only allowed to a loopback host"},
		{"http://[::2]:7070", "only allowed to a loopback host"},
		{"ftp://127.0.0.1", "scheme must be https"},
		{"127.0.0.1:7070", ""}, // parsed as scheme "127.0.0.1" → error below
		{"s3.example.com", "want a URL"},
		{"https://", "want a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := CheckEndpoint(tt.url)
			if tt.url == "127.0.0.1:7070" {
				if err == nil {
					t.Fatal("a bare host:port was accepted")
				}
				return
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewClientRefusesPlainHTTP(t *testing.T) {
	_, err := NewClient(context.Background(), ClientOptions{Endpoint: "http://s3.example.com", Credentials: &Credentials{ID: "a", Secret: testSecret}})
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v", err)
	}
	c, err := NewClient(context.Background(), ClientOptions{Endpoint: "http://127.0.0.1:1", Credentials: &Credentials{ID: "a", Secret: testSecret}})
	if err != nil {
		t.Fatal(err)
	}
	if o := c.Options(); !o.UsePathStyle || o.Region != DefaultRegion {
		t.Errorf("path style %v, region %q", o.UsePathStyle, o.Region)
	}
}
